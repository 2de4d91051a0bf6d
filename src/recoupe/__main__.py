from recoupe.cli import app

app()
