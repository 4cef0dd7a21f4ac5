"""Publishing the App Home tab, and republishing it for its viewers when the index changes."""

from __future__ import annotations

import logging
import threading
from typing import Any

from bot.render.blocks import home_view
from bot.slack.roles import index_version
from bot.slack.services import BotServices

logger = logging.getLogger("careers_bot.slack")


def publish_home(client: Any, services: BotServices, user: str) -> None:
    """Open roles for everyone (the Home tab is personal but never shows drafts)."""
    view = home_view(services.roles(), services.settings.slash_command)
    client.views_publish(user_id=user, view=view)


class HomeRefresher:
    """Watches the index in use; when a new one is loaded, refreshes every Home tab seen."""

    def __init__(self, client: Any, services: BotServices, interval_seconds: float) -> None:
        self._client = client
        self._services = services
        self._interval = interval_seconds
        self._version = self._current_version()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _current_version(self) -> str:
        provider = self._services.index_provider
        return index_version(provider()) if provider is not None else ""

    def check(self) -> int:
        """Republish if the index changed since the last check; the number of tabs refreshed."""
        version = self._current_version()
        if version == self._version:
            return 0
        self._version = version
        users = self._services.known_home_users()
        for user in users:
            try:
                publish_home(self._client, self._services, user)
            except Exception:
                logger.warning("could not refresh the Home tab of a user", exc_info=True)
        return len(users)

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="home-refresh", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            try:
                self.check()
            except Exception:
                logger.warning("Home tab refresh failed", exc_info=True)

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
