from cchc.cli.main import run

run()
