"""`labelconfig lsp`: a Language Server Protocol server over stdio (diagnostics as you type, quick
fixes, hover, completion and a live form preview) for `*.xml` configs and the config inside a Label
Studio project JSON or template YAML. A front end: it needs the optional `labelconfig[lsp]` extra."""

from __future__ import annotations

import sys

import click


@click.command("lsp")
@click.option(
    "--stdio", is_flag=True, help="Talk over stdin/stdout (the default; accepted for clients that pass it)."
)
def lsp_command(stdio: bool) -> None:
    """Run the language server over stdio, for editors (see the README's editor setup)."""
    try:
        from .server import server
    except ImportError as exc:
        click.echo(
            f"labelconfig lsp: {(exc.name or 'pygls').split('.')[0]} is not installed; install the extra: "
            "pip install 'labelconfig[lsp]'",
            err=True,
        )
        sys.exit(2)
    server.start_io()
