"""``ceasefire status`` and ``ceasefire process show``: where each process stands, and why."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from ceasefire.cli.app import DB_HELP, app, open_store, reported

Db = Annotated[str | None, typer.Option("--db", help=DB_HELP)]
process_app = typer.Typer(no_args_is_help=True, help="One peace process in full.")
app.add_typer(process_app, name="process")


@app.command()
def status(
    country: Annotated[str | None, typer.Option(help="ISO alpha-2 country code")] = None,
    everything: Annotated[bool, typer.Option("--all", help="also processes no read source bears on")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="a JSON array, one object per process")] = False,
    db: Db = None,
) -> None:
    """List processes with their status, since when, and the top evidence."""
    from ceasefire.tracker.board import status_board

    with reported():
        board = status_board(open_store(db), country, everything)
    if as_json:
        typer.echo(json.dumps(board, indent=2, ensure_ascii=False))
        return
    typer.echo(render_board(board))


def render_board(board: list[dict[str, Any]], evidence: int = 3) -> str:
    if not board:
        return (
            "no process has evidence yet: ingest sources, or import a registry (`ceasefire registry import`)"
        )
    lines = []
    for item in board:
        flag = "" if item["confirmed"] else " [candidate]"
        lines.append(f"{(item['status'] or 'unknown').upper():<10} since {item['since'] or '?'}  "
                     f"{item['name']}{flag}  ({item['id']}, {', '.join(item['countries'])})")  # fmt: skip
        for ev in item["evidence"][:evidence]:
            phase = f" {ev['process']['kind']}/{ev['process']['phase']}" if ev.get("process") else ""
            lines.append(f"    {ev['date'] or '?'} {ev['event']}{phase}: {ev['text'][:140]}")
    return "\n".join(lines)


@app.command()
def refresh(
    today: Annotated[
        str | None, typer.Option(help="statuses as of this day (YYYY-MM-DD); default today")
    ] = None,
    db: Db = None,
) -> None:
    """Re-resolve every event to the processes and recompute every status (ingest does only what it touched)."""
    from ceasefire.cli.app import parse_date
    from ceasefire.tracker.refresh import refresh as run_refresh

    with reported():
        done = run_refresh(open_store(db), parse_date(today))
    typer.echo(f"{done.events} events resolved: {done.links} links ({done.ambiguous} ambiguous), "
               f"{done.discovered} discovered candidates, {done.statuses} status changes")  # fmt: skip


@process_app.command("show")
def show(
    process_id: Annotated[str, typer.Argument(help="a process id")],
    as_json: Annotated[bool, typer.Option("--json", help="the whole record as JSON")] = False,
    db: Db = None,
) -> None:
    """The full timeline of one process, with the evidence for each change."""
    from ceasefire.tracker.board import process_history

    with reported():
        history = process_history(open_store(db), process_id)
    if as_json:
        typer.echo(json.dumps(history, indent=2, ensure_ascii=False, default=str))
        return
    typer.echo(f"{history['name']} ({history['id']}, {history['origin']}) - {history['status'] or 'unknown'}")
    typer.echo(f"  countries {', '.join(history['countries'])}; declared {history['declared']}, "
               f"effective {history['effective']}, ended {history['ended']}")  # fmt: skip
    if history["superseded_by"] or history["in_force_until"]:
        typer.echo(f"  binds until {history['in_force_until'] or '?'}"
                   + (f" (replaced by {history['superseded_by']})" if history["superseded_by"] else ""))  # fmt: skip
    if len(history["records"]) > 1:
        typer.echo(f"  records: {', '.join(r['id'] for r in history['records'])}")
    for change in history["timeline"]:
        typer.echo(f"  {change['at']}  {change['status']:<10} {change['rule']}")
        for ev in change["evidence"]:
            if ev:
                typer.echo(f"      {ev['event']}: {ev['text'][:150]}")
    typer.echo(f"  {len(history['links'])} linked events ({len(history['ambiguous'])} more ambiguous), "
               f"{len(history['claims'])} claims, {len(history['verdicts'])} rule verdicts, "
               f"{len(history['adjudications'])} adjudications")  # fmt: skip
