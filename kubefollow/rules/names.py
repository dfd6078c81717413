"""Rules for finding catalog projects NAMED in prose (data/names.toml, extended by the
user's own file): names that are also English words, names never matched from prose,
cue words, limits. See the file's comments."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class NameEntry:
    entry_id: str
    name: str
    aliases: tuple[str, ...] = ()
    company: bool = False
    category: str | None = None


@dataclass(frozen=True, slots=True)
class NameHit:
    start: int
    end: int
    entry_id: str
    surface: str  # the text as written, text[start:end]
    rule: str  # why it matched, for `ingest --explain`


def _folded_set(values: Iterable[Any]) -> frozenset[str]:
    return frozenset(_norm(str(v)) for v in values)


def _norm(form: str) -> str:
    return " ".join(form.split()).casefold()


@dataclass(frozen=True)
class NameRules:
    """The rules of data/names.toml (see its comments), case-folded."""

    never: frozenset[str] = frozenset()
    never_categories: frozenset[str] = frozenset()
    too_common: frozenset[str] = frozenset()
    common: frozenset[str] = frozenset()
    rare: frozenset[str] = frozenset()
    proper: frozenset[str] = frozenset()
    phrases: frozenset[str] = frozenset()
    cue_words: frozenset[str] = frozenset()
    compounds: frozenset[str] = frozenset()
    cue_phrases: frozenset[tuple[str, ...]] = frozenset()
    version_pattern: str = r"^v?\d+(\.\d+)+$|^v\d+$"
    min_length: int = 2
    min_letters_only_length: int = 3
    exact_case_max_length: int = 3
    cue_window: int = 8
    title_case_share: float = 0.7
    title_case_min_words: int = 3
    title_case_small_words: frozenset[str] = frozenset()
    part_max_words: int = 3
    part_stop_words: frozenset[str] = frozenset()
    catalog_forms_sha256: str = field(default="", compare=False)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> NameRules:
        limits = data.get("limits", {})
        never = data.get("never", {})
        cues = data.get("cues", {})
        generated = data.get("generated", {})
        curated = data.get("curated", {})
        overridden = _folded_set(
            w
            for tier in ("common", "rare", "proper", "too_common", "plain")
            for w in curated.get(tier, ())
        )

        def tier(name: str) -> frozenset[str]:
            made = _folded_set(generated.get(name, ())) - overridden
            return made | _folded_set(curated.get(name, ()))

        return cls(
            never=_folded_set(never.get("names", ())),
            never_categories=frozenset(str(c) for c in never.get("categories", ())),
            too_common=tier("too_common"),
            common=tier("common"),
            rare=tier("rare"),
            proper=tier("proper"),
            phrases=_folded_set(generated.get("phrases", ())),
            cue_words=_folded_set(cues.get("words", ())),
            compounds=_folded_set(cues.get("compounds", ())),
            cue_phrases=frozenset(tuple(_norm(str(p)).split()) for p in cues.get("phrases", ())),
            version_pattern=str(cues.get("version_pattern", cls.version_pattern)),
            min_length=int(limits.get("min_length", cls.min_length)),
            min_letters_only_length=int(
                limits.get("min_letters_only_length", cls.min_letters_only_length)
            ),
            exact_case_max_length=int(
                limits.get("exact_case_max_length", cls.exact_case_max_length)
            ),
            cue_window=int(limits.get("cue_window", cls.cue_window)),
            title_case_share=float(limits.get("title_case_share", cls.title_case_share)),
            title_case_min_words=int(limits.get("title_case_min_words", cls.title_case_min_words)),
            title_case_small_words=_folded_set(limits.get("title_case_small_words", ())),
            part_max_words=int(data.get("parts", {}).get("max_words", cls.part_max_words)),
            part_stop_words=_folded_set(data.get("parts", {}).get("stop_words", ())),
            catalog_forms_sha256=str(generated.get("catalog_forms_sha256", "")),
        )


def load_name_rules() -> NameRules:
    from kubefollow.errors import UsageError
    from kubefollow.rules.files import with_user_rules

    try:
        return NameRules.from_mapping(with_user_rules("names.toml"))
    except (ValueError, TypeError, AttributeError) as exc:
        raise UsageError(f"names.toml: {exc}") from None
