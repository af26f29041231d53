"""Small HTML helpers for notebook representations."""

from __future__ import annotations

import html
from typing import Any, Iterable, Sequence

__all__ = ["html_table", "iframe", "escape"]


def escape(value: Any) -> str:
    return html.escape(str(value), quote=True)


def html_table(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    out = ["<table><thead><tr>", *(f"<th>{escape(h)}</th>" for h in header), "</tr></thead><tbody>"]
    for row in rows:
        out.append("<tr>" + "".join(f"<td>{escape(v)}</td>" for v in row) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def iframe(page: str, height: int = 600, title: str = "footprint") -> str:
    """A self-contained HTML page shown inside the notebook without letting its
    stylesheet restyle the notebook: an iframe with the page as srcdoc,
    sandboxed (no scripts; the renderers write none)."""
    return (f'<iframe title="{escape(title)}" srcdoc="{escape(page)}" sandbox="" '
            f'style="width:100%;height:{int(height)}px;border:1px solid #ddd"></iframe>')
