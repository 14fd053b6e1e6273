"""The critique as a readable terminal report (rich), for `cocomposer critique`."""

from __future__ import annotations

from typing import Any

from tools.critique import CritiqueReport

SEVERITY_STYLE = {"warning": "bold red", "suggestion": "yellow", "info": "cyan"}


def render(report: CritiqueReport) -> Any:
    """A rich renderable: header, key with alternatives, measures, sections, findings."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    where = report.file or f"session song '{report.title}'"
    header = Text.assemble(
        (f"{report.title}", "bold"), f"  ({where}, target: {report.target})\n",
        f"key {report.key.key} (score {report.key.score:.2f}, confidence {report.key.confidence:.2f}; next: ",
        ", ".join(f"{a.key} {a.score:.2f}" for a in report.key.alternatives[:3]),
        f") · {report.meter} · {report.tempo:g} BPM · {report.bars} bars",
    )
    if report.melody_source:
        header.append(f"\nmelody: {report.melody_source}")
    measures = Table(title="measures", show_header=True, header_style="bold")
    measures.add_column("section")
    measures.add_column("bars", justify="right")
    measures.add_column("key")
    for name in report.features.metrics():
        measures.add_column(name.replace("_", " "), justify="right")
    for section in report.sections:
        measures.add_row(section.name, str(section.bars), str(section.key.key), *(f"{v:g}" for v in section.features.metrics().values()))
    harmony_lines = []
    for section in report.sections:
        if section.harmony is not None:
            numerals = " ".join(section.harmony.numerals[:16]) + (" ..." if len(section.harmony.numerals) > 16 else "")
            harmony_lines.append(
                f"{section.name}: {numerals} · cadence: {section.harmony.cadence or 'none'} · "
                f"on-beat chord tones {section.harmony.chord_tone_ratio:.0%}"
            )
    harmony = Text("harmony\n" + "\n".join(harmony_lines)) if harmony_lines else Text("")
    findings = Table(title=f"findings ({len(report.findings)})", show_header=True, header_style="bold", expand=True)
    findings.add_column("", no_wrap=True)
    findings.add_column("where", no_wrap=True)
    findings.add_column("what")
    findings.add_column("fix")
    for finding in report.findings:
        first, last = finding.bars
        bars = f"{finding.section} {first}" if first == last else f"{finding.section} {first}-{last}"
        fix = ""
        if finding.suggestion is not None:
            args = ", ".join(f"{k}={v!r}" for k, v in finding.suggestion.args.items() if k != "section")
            fix = f"{finding.suggestion.name}({args})"
        findings.add_row(Text(finding.severity, SEVERITY_STYLE[finding.severity]), bars, finding.message, fix)
    if not report.findings:
        return Group(header, measures, harmony, Text("no findings: nothing measured is out of the ordinary", "green"))
    return Group(header, measures, harmony, findings)
