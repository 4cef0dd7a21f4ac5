"""`python -m bot.cli`: the careers-bot command line."""

from bot.cli import main

main()
