"""`careers-bot bench`: what users feel, measured next to the physical limit on the same machine.

One module per measurement (`latency`, `scale`, `throughput`, `incremental`, `coldstart`,
`slack_path`), each heavy phase in a fresh process (`child`), figures with targets (`figures`,
`results`), the table and docs (`docs`), and the orchestration (`runner`).
"""
