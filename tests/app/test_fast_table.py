"""The fenced fast fill (widgets/fast_table.py) gives what DataTable's public add_row gives."""

from __future__ import annotations

import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import DataTable

from prepdeck.widgets import fast_table
from prepdeck.widgets.fast_table import FastTable, has_private_fill

COLUMNS = {"Client": 18, "Meeting": 10, "Health": 6}


def rows(first: int, count: int) -> list[tuple[str, list[Text]]]:
    return [
        (f"c{n}", [Text(f"Client {n} with a long name"), Text(f"{n % 28 + 1} Dec"), Text("● ↗")])
        for n in range(first, first + count)
    ]


class Tables(App[None]):
    """A FastTable and a plain DataTable side by side, filled with the same rows."""

    def __init__(self) -> None:
        super().__init__()
        self.highlighted: dict[str, int] = {"fast": 0, "public": 0}

    def compose(self) -> ComposeResult:
        for name, cls in (("fast", FastTable), ("public", DataTable)):
            table: DataTable[Text] = cls(id=name, cursor_type="row", zebra_stripes=True)
            for column, width in COLUMNS.items():
                table.add_column(column, key=column, width=width)
            yield table

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        assert event.data_table.id
        self.highlighted[event.data_table.id] += 1


async def filled_both_ways(batches: list[list[tuple[str, list[Text]]]]) -> list[object]:
    """What each table holds and draws after the same batches: (fast, public) pairs."""
    app = Tables()
    async with app.run_test(size=(90, 30)) as pilot:
        fast = app.query_one("#fast", FastTable)
        public = app.query_one("#public", DataTable)
        for batch in batches:
            fast.append_rows(batch)
            for key, cells in batch:
                public.add_row(*cells, key=key)
            await pilot.pause()
        fast.move_cursor(row=3)
        public.move_cursor(row=3)
        await pilot.pause()
        seen = []
        for table in (fast, public):
            seen.append(
                (
                    [key.value for key in table.rows],
                    [[c.plain for c in table.get_row_at(i)] for i in range(table.row_count)],
                    [table.get_row_index(f"c{n}") for n in range(table.row_count)],
                    table.virtual_size,
                    table.cursor_coordinate,
                    [table.render_line(y).text for y in range(table.size.height)],
                    app.highlighted[table.id or ""],
                )
            )
    return seen


@pytest.mark.parametrize("private", [True, False], ids=["fast-path", "fallback"])
async def test_fast_fill_matches_the_public_api(
    private: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if private:  # the fast path must not fall back to add_row on this Textual

        def no_add_row(*_args: object, **_kwargs: object) -> None:
            raise AssertionError("the fast fill fell back to add_row")

        monkeypatch.setattr(FastTable, "add_row", no_add_row)
    else:  # as on a Textual release whose private fields moved
        monkeypatch.setattr(fast_table, "_checked", {FastTable: False})
    fast, public = await filled_both_ways([rows(0, 40), rows(40, 5), []])
    assert fast == public
    assert len(fast[0]) == 45  # type: ignore[arg-type]


async def test_the_installed_textual_still_has_what_the_fast_fill_uses() -> None:
    """If this fails after upgrading Textual, the app still works (the public fallback is
    taken) but the home table fills slowly: update widgets/fast_table.py."""
    app = Tables()
    async with app.run_test(size=(90, 30)):
        assert has_private_fill(app.query_one("#fast", FastTable))
