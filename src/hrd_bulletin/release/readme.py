"""The release's README.md, Russian then English: files, definitions, caveats, licence, citation."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from hrd_bulletin.bulletin import catalog
from hrd_bulletin.contract import processed
from hrd_bulletin.i18n import get_translations
from hrd_bulletin.release.tables import ID_PREFIX

# The two halves of the README: (language, words). Words are kept here rather than in the
# gettext catalog: the README holds both languages at once.
_WORDS: Mapping[str, Mapping[str, str]] = {
    "ru": {
        "heading": "По-русски",
        "intro": "Открытые данные выпуска: все агрегированные показатели, из которых построены графики, "
        "карты и таблицы бюллетеня, — по одному файлу CSV (UTF-8, разделитель — запятая) на таблицу "
        "показателей. Описание в формате Frictionless — `datapackage.json`.",
        "files": "Файлы",
        "figures": "рисунки",
        "long": "`figures.csv` — все опубликованные значения в длинном формате, по одному в строке: `figure_id` "
        "строки, столбец (`column`), значение, единица, таблица, период (`season:S1`, `wave:2`) и выпуск "
        "(`edition`); скрытые ячейки в нём отсутствуют. По нему выпуски сравниваются между собой. Выпуск, "
        "дата и коммит сборки — в `datapackage.json` (`x-edition`).",
        "reference": "Справочники кодов (`reference/`): регионы, виды и категории угроз, категории пострадавших, "
        "источники угроз — коды и их названия на русском и английском.",
        "definitions": "Определения",
        "defs": "- Каждая строка имеет постоянный идентификатор `figure_id`: префикс файла и значения ключевых "
        "столбцов через точку (например, `incidents.by_region.S2.ALA`).\n"
        "- Доли — дроби от 0 до 1; рядом всегда числитель и знаменатель `n`.\n"
        "- `all` в столбце группы, региона, сезона и т. п. — итог по всем значениям.\n"
        "- Показатели опроса даны по каждой волне (`wave`); бюллетень печатает последнюю.\n"
        "- Сезоны мониторинга:",
        "disclosure": "Контроль раскрытия",
        "rule": "Ячейка, рассчитанная менее чем по {min_cell} респондентам, не публикуется (первичное скрытие, "
        "`suppression` = `primary`); если по опубликованному итогу можно было бы восстановить единственную "
        "скрытую ячейку, скрывается и следующая наименьшая (`complementary`). Значения скрытых ячеек пусты, "
        "`suppressed` = `true`. Микроданные, идентификаторы и свободный текст (описания происшествий, названия "
        "СМИ, населённые пункты) в выпуск не входят.",
        "caveats": "Оговорки",
        "reconstructed": "Данные этой сборки — реконструкция: синтетические микроданные, построенные так, чтобы их "
        "агрегаты воспроизводили опубликованные показатели бюллетеня; ни одна строка не описывает реального "
        "человека или события.",
        "reported": "Происшествия — это случаи, ставшие известными наблюдателям; их число не равно числу всех "
        "нападений на правозащитников.",
        "licence": "Лицензия",
        "cite": "Как цитировать",
        "credit": "Данные собраны организациями-мониторами:",
        "data": "открытые данные",
        "figure_id": "постоянный идентификатор строки",
    },
    "en": {
        "heading": "In English",
        "intro": "The edition's open data: every aggregate the bulletin's charts, maps and tables are drawn from, "
        "one CSV file (UTF-8, comma-separated) per metric table. The Frictionless description is "
        "`datapackage.json`.",
        "files": "Files",
        "figures": "figures",
        "long": "`figures.csv` — every published value in long format, one per row: the row's `figure_id`, "
        "the `column`, the value, its unit, table, period (`season:S1`, `wave:2`) and `edition`; withheld "
        "cells are absent. Editions are compared with each other from it. The edition, its date and the "
        "commit that built it are in `datapackage.json` (`x-edition`).",
        "reference": "Code lists (`reference/`): regions, threat types and categories, victim categories, "
        "sources of threats — codes and their Russian and English names.",
        "definitions": "Definitions",
        "defs": "- Every row has a stable id, `figure_id`: the file's prefix and the key columns' values joined "
        "by dots (e.g. `incidents.by_region.S2.ALA`).\n"
        "- Shares are fractions from 0 to 1, always beside their numerator and denominator `n`.\n"
        "- `all` in a group, region, season (etc.) column is the total over every value.\n"
        "- Survey figures are given for every wave (`wave`); the bulletin prints the latest.\n"
        "- Monitoring seasons:",
        "disclosure": "Disclosure control",
        "rule": "A cell computed from fewer than {min_cell} respondents is not published (primary suppression, "
        "`suppression` = `primary`); where a published total would reveal a single withheld cell, the next "
        "smallest is withheld too (`complementary`). Withheld values are empty, `suppressed` = `true`. No "
        "microdata, identifiers or free text (incident descriptions, outlet names, settlements) are released.",
        "caveats": "Caveats",
        "reconstructed": "The data of this build are a reconstruction: synthetic microdata built so that their "
        "aggregates reproduce the figures the bulletin published; no row describes a real person or event.",
        "reported": "Incidents are the cases that became known to the monitors; their number is not the number "
        "of all attacks on defenders.",
        "licence": "Licence",
        "cite": "How to cite",
        "credit": "The data were collected by the monitoring organisations:",
        "data": "open data",
        "figure_id": "stable id of the row",
    },
}


def _figures_of(table: str, lang: str) -> list[str]:
    tr = get_translations(lang)
    return [tr.gettext(f.caption) for f in catalog.FIGURES.values() if table in f.tables]


def _file_lines(tables: Sequence[str], lang: str) -> list[str]:
    words = _WORDS[lang]
    suffix = "_ru" if lang == "ru" else ""
    out = []
    for table in tables:
        schema = processed.table_schema(table)
        figures = _figures_of(table, lang)
        shown = f" ({words['figures']}: {'; '.join(figures)})" if figures else ""
        out.append(f"- `{table}.csv` — {schema['title' + suffix]}{shown}.")
        out.append(f"  - `figure_id`: {words['figure_id']} (`{ID_PREFIX[table]}.…`)")
        out += [f"  - `{f['name']}`: {f['description' + suffix]}" for f in schema["fields"]]
    return out


def _citation(publisher: Mapping[str, Any], lang: str) -> str:
    edition = publisher["edition"]
    orgs = ", ".join(str(o[f"name_{lang}"]) for o in publisher.get("organisations", []))
    number = f"№ {edition['number']}" if lang == "ru" else f"no. {edition['number']}"
    place = edition.get(f"place_{lang}", "")
    where = f" {place}," if place else ""
    return (
        f"{orgs} ({edition['year']}). {edition[f'title_{lang}']}. {edition[f'series_{lang}']} {number}: "
        f"{_WORDS[lang]['data']}.{where} {edition['year']}."
    )


def _half(lang: str, tables: Sequence[str], params: Mapping[str, Any]) -> list[str]:
    words, publisher = _WORDS[lang], params["publisher"]
    seasons = [
        f"  - `{s['id']}`: {s.get(f'label_{lang}') or s['id']} ({s['start']} – {s['end']})" for s in params["seasons"]
    ]
    caveats = [words["reported"]] if not params.get("reconstructed") else [words["reconstructed"], words["reported"]]
    orgs = [f"- {o[f'name_{lang}']}" for o in publisher.get("organisations", [])]
    funder = publisher.get("funder") or {}
    licence = publisher["licence"]
    return [
        f"## {words['heading']}",
        "",
        words["intro"],
        "",
        f"### {words['files']}",
        "",
        *_file_lines(tables, lang),
        "",
        words["long"],
        "",
        words["reference"],
        "",
        f"### {words['definitions']}",
        "",
        words["defs"],
        *seasons,
        "",
        f"### {words['disclosure']}",
        "",
        words["rule"].format(min_cell=int(params["min_cell"])),
        "",
        f"### {words['caveats']}",
        "",
        *(f"- {c}" for c in caveats),
        "",
        f"### {words['licence']}",
        "",
        f"[{licence['name']}]({licence['url']})",
        "",
        f"### {words['cite']}",
        "",
        _citation(publisher, lang),
        "",
        words["credit"],
        "",
        *orgs,
        *([f"\n{funder[f'disclaimer_{lang}']}"] if funder.get(f"disclaimer_{lang}") else []),
        "",
    ]


def readme_text(tables: Sequence[str], params: Mapping[str, Any]) -> str:
    """The README of the release; ``params`` as the stage gets them (publisher, seasons, min_cell)."""
    edition = params["publisher"]["edition"]
    title = f"# {edition['title_ru']} / {edition['title_en']}: открытые данные / open data"
    lines = [title, "", *_half("ru", tables, params), *_half("en", tables, params)]
    return "\n".join(lines).rstrip("\n") + "\n"
