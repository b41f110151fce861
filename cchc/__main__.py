from cchc.cli.entry import run

run()
