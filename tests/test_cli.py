"""`chrono --help` lists every subcommand with one line of help, and each one loads."""

from click.testing import CliRunner

from chrono.cli import COMMANDS, main


def test_help_lists_every_command():
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0, result.output
    listed = result.output.split("Commands:")[1]
    for name in COMMANDS:
        line = next((ln for ln in listed.splitlines() if ln.strip().startswith(name + " ")), None)
        assert line and len(line.split(None, 1)) == 2, f"{name} has no one-line help in:\n{listed}"


def test_every_command_has_its_own_help():
    for name in COMMANDS:
        result = CliRunner().invoke(main, [name, "--help"])
        assert result.exit_code == 0, (name, result.output)
        assert "Usage:" in result.output


def test_unknown_command_is_an_error():
    result = CliRunner().invoke(main, ["no-such-command"])
    assert result.exit_code != 0
    assert "No such command" in result.output
