"""A generated corpus of chat requests, one step each, labelled with its intent.

The request reader learns from this grammar rather than from the planner's test sets: verbs,
section names, keys and numbers written every way, casual and producer slang, complaints,
questions, politeness, typos and lowercase. Each intent has many phrasings built from parts
(`_compose`, `_edits`, ...), so the reader meets a word in many frames and learns the frame,
not the sentence. `python -m models.requests.corpus --show 20` prints a sample.
"""

from __future__ import annotations

import argparse
import random
import re
from dataclasses import dataclass
from typing import Callable

from models.requests.dressing import dress
from models.requests.labels import INTENTS
from models.requests.phrases import (CHARTS, EDIT_FRAGMENTS, EDIT_WORDS, INTERVALS, LIMIT_WORDS, REFINE_WORDS, RHYME_WORDS, RHYMES,
                                     SONG_NOUNS, SYLLABLES, TITLES)


@dataclass(frozen=True)
class Example:
    text: str
    intent: str


SECTIONS = ("verse", "chorus", "bridge", "intro", "outro", "pre-chorus", "hook", "verse 2", "second verse", "last chorus",
            "final chorus", "middle eight", "refrain", "breakdown", "interlude", "bridge b", "chorus 2", "first verse", "tag")
KEYS = ("A minor", "a minor", "Am", "C major", "C", "D", "key of D", "the key of G", "E flat", "Eb", "e flat minor", "Ebm",
        "F#m", "F sharp minor", "Bb maj", "B flat major", "G major", "g", "D minor", "Dm", "E minor", "em", "F major",
        "C# minor", "c sharp minor", "Ab", "A flat major", "B minor", "bm", "E major", "G minor", "gm", "D dorian", "A")
METERS = ("3/4", "6/8", "4/4", "2/4", "waltz time", "six eight", "three four", "common time", "12/8", "5/4", "7/8")
NUMBERS = ("4", "8", "12", "16", "2", "6", "four", "eight", "twelve", "sixteen", "two", "six", "ten", "10", "32", "24")
TEMPOS = ("92", "84", "120", "70", "100", "140", "76", "110", "60", "128", "95")
MOODS = ("sad", "happy", "calm", "wistful", "dreamy", "hopeful", "lively", "playful", "bouncy", "busy", "energetic",
         "driving", "sparse", "gentle", "melancholy", "uplifting", "funky", "moody", "dark", "bright", "chill", "upbeat",
         "haunting", "anthemic", "catchy", "laid-back", "epic", "tender", "angry", "nostalgic")
STYLES = ("irish", "folk", "scottish", "jig-like", "chorale-style", "pop", "celtic", "hymn-like", "baroque", "country")
FILES = ("demo.wav", "song.mid", "idea.mid", "~/demos/take3.mid", "mix.wav", "chorus_idea.midi", "final.musicxml",
         "out.mid", "track01.mid", "sketch.xml", "/tmp/rough.wav", "my song.mid")
TITLES = ("Harbour Lights", "Midnight Drive", "Paper Moon", "Rust", "Ocean Eyes", "Long Way Home", "Untitled 4",
          "Gold", "Summer Rain", "Ghost Town")

def _pick(rng: random.Random, options: tuple[str, ...] | list[str]) -> str:
    return rng.choice(options)


def _the(rng: random.Random, section: str) -> str:
    return _pick(rng, ("the ", "the ", "my ", "our ", "that ", "this ")) + section


def _where(rng: random.Random) -> str:
    """A section reference, or the word for the one being worked on."""
    return _pick(rng, (_the(rng, _pick(rng, SECTIONS)),) * 5 + ("it", "it", "this", "that", "the melody", "the tune",
                                                               "this part", "this section"))


def _compose(rng: random.Random) -> str:
    verb = _pick(rng, ("write", "compose", "gimme", "give me", "whip up", "put together", "make", "draft", "sketch",
                       "come up with", "cook up", "throw together", "knock out", "bang out", "start with", "begin with",
                       "add", "let's do", "let's have", "need", "i need", "i want", "create", "generate", "lay down",
                       "jot down", "do", "build", "write me", "try", "how about", "start us off with", "let's get",
                       "can i get", "i'd love", "go for", "we need", "give us"))
    article = _pick(rng, ("a ", "an ", "a new ", "the ", "a short ", "a quick ", "some ", "another ", "one more ", ""))
    size = _pick(rng, ("", "", f"{_pick(rng, NUMBERS)} bar ", f"{_pick(rng, NUMBERS)}-bar ", f"{_pick(rng, NUMBERS)} measure "))
    mood = _pick(rng, ("", "", f"{_pick(rng, MOODS)} ", f"{_pick(rng, STYLES)} "))
    what = _pick(rng, SECTIONS + ("melody", "tune", "section", "part", "idea", "line", "hook", "riff", "melody line"))
    extras = [f" in {_pick(rng, KEYS)}", f", {_pick(rng, KEYS)}", f" {_pick(rng, NUMBERS)} bars", f" at {_pick(rng, TEMPOS)} bpm",
              f" in {_pick(rng, METERS)}", f" that feels {_pick(rng, MOODS)}", f", kind of {_pick(rng, MOODS)}",
              f" like an {_pick(rng, STYLES)} tune", f", {_pick(rng, MOODS)} and {_pick(rng, MOODS)}", " for the song",
              f" with {_pick(rng, NUMBERS)} bars", f", {_pick(rng, NUMBERS)} bars long", ""]
    tail = "".join(rng.sample(extras, rng.randint(0, 3)))
    frames = (f"{verb} {article}{size}{mood}{what}{tail}",
              f"{size}{mood}{what}{tail}, please",
              f"{what} in {_pick(rng, KEYS)}, {_pick(rng, NUMBERS)} bars",
              f"i'm writing a {_pick(rng, MOODS)} song at {_pick(rng, TEMPOS)} bpm, {verb} {article}{what}{tail}",
              f"{verb} {article}{what} for the {_pick(rng, ('song', 'track', 'tune'))}{tail}",
              f"ok now the {what}{tail}",
              f"let's start the song with {article}{size}{what}{tail}",
              f"{verb} {article}{_pick(rng, SECTIONS)} {_pick(rng, ('in the manner of', 'in the style of', 'like', 'based on'))} {_pick(rng, REFERENCE_IDS[:5])}",
              f"{_pick(rng, REWRITE_VERBS)} {_the(rng, _pick(rng, SECTIONS))}{tail}",
              f"{_pick(rng, ('new', 'a new', 'a different', 'another', 'a fresh'))} melody for {_the(rng, _pick(rng, SECTIONS))}{tail}",
              f"scrap {_the(rng, _pick(rng, SECTIONS))} and write {_pick(rng, ('a new one', 'another', 'something else'))}{tail}",
              f"{verb} {article}{what} over {_pick(rng, CHARTS)}{tail}",
              f"{_pick(rng, ('a melody', 'a tune', 'a topline', 'a vocal melody', 'a hook'))} over {_pick(rng, CHARTS)}{tail}")
    return _pick(rng, frames)


def _write_song(rng: random.Random) -> str:
    verb = _pick(rng, ("write", "write me", "gimme", "give me", "draft", "sketch", "make", "make me", "put together", "whip up",
                       "help me write", "let's write", "i want", "i need", "compose", "build", "create", "generate",
                       "throw together", "can i get", "do", "cook up", "bang out", "rough out", "lay out"))
    article = _pick(rng, ("a ", "a ", "me a ", "an entire ", "a complete ", "the whole ", "a full ", "a quick ", "a new ", ""))
    mood = _pick(rng, ("", "", "", f"{_pick(rng, MOODS)} ", "catchy ", "radio-friendly ", "simple ", "big ", "slow ", "upbeat "))
    tails = [f" in {_pick(rng, KEYS)}", f" at {_pick(rng, TEMPOS)} bpm", f", {_pick(rng, TEMPOS)} bpm", " with a bridge",
             f" about {_pick(rng, ('my dog', 'summer', 'a breakup', 'leaving home', 'the ocean', 'her', 'late nights', 'my hometown'))}",
             ": intro, verses, choruses, bridge, outro", " with verses and choruses", " from scratch", ", the whole thing",
             f" in {_pick(rng, METERS)}", f", {_pick(rng, MOODS)}", f" called '{_pick(rng, TITLES)}'", " start to finish",
             f" over {_pick(rng, CHARTS)}", ""]
    tail = "".join(rng.sample(tails, rng.randint(0, 3)))
    frames = (f"{verb} {article}{mood}{_pick(rng, SONG_NOUNS)}{tail}",
              f"{article}{mood}{_pick(rng, SONG_NOUNS)}{tail} please",
              f"i'm writing a {_pick(rng, MOODS)} pop song{tail}, {verb} the whole thing",
              f"{verb} the rest of the song{tail}", f"finish the song{tail}", f"fill out the whole song{tail}",
              f"{verb} {article}song with an intro, {_pick(rng, ('two verses', 'verses', 'a verse'))}, {_pick(rng, ('choruses', 'a chorus'))} and an outro",
              f"full song pls{tail}", f"{_pick(rng, ('ok ', 'so ', ''))}let's do a whole {_pick(rng, ('pop ', ''))}song{tail}")
    return _pick(rng, frames)


def _set_style(rng: random.Random) -> str:
    style = _pick(rng, ("pop", "pop", "folk", "a pop song", "a folk song", "a folk tune", "pop music", "more of a pop thing",
                        "folk music", "a pop track"))
    frames = (f"it's {style}", f"this is {style}", f"the song is {style}", f"treat it as {style}", f"judge it as {style}",
              f"it's actually {style}", f"no, it's {style}", f"it's meant to be {style}", f"the genre is {style}",
              f"set the style to {_pick(rng, ('pop', 'folk'))}", f"style: {_pick(rng, ('pop', 'folk'))}",
              f"hold it to {_pick(rng, ('pop', 'folk'))} standards", f"compare it with {_pick(rng, ('pop', 'folk'))} songs",
              f"mark the song as {_pick(rng, ('pop', 'folk'))}", f"use {_pick(rng, ('pop', 'folk'))} norms for this song",
              f"this one's {style}, not {_pick(rng, ('folk', 'pop', 'classical'))}", f"wrong genre, it's {style}",
              f"{_pick(rng, ('pop', 'folk'))} song, fyi")
    return _pick(rng, frames)


REWRITE_VERBS = ("rewrite", "redo", "re-write", "redraft", "start over on", "write a new melody for", "replace",
                 "throw out and rewrite", "completely redo", "rewrite from scratch", "try a different take on")


def _regenerate(rng: random.Random) -> str:
    a = rng.randint(1, 12)
    span = _pick(rng, (f"bars {a}-{a + rng.randint(1, 4)}", f"bars {a} to {a + 3}", f"bar {a}", f"the last {_pick(rng, NUMBERS)} bars",
                       f"the first {_pick(rng, ('two', '2', 'four', '4', 'couple of'))} bars", "the final bar", "the last bar",
                       f"bars {_pick(rng, ('five', 'nine', 'three'))} through {_pick(rng, ('eight', 'twelve', 'six'))}",
                       f"measures {a}-{a + 1}", "the ending bars", f"bar {a} and {a + 1}", "the opening bars", "the last two bars",
                       "the second half", "the first half", f"measure {a}", "the last couple of bars", "the final measure",
                       f"the {_pick(rng, ('first', 'second', 'third', 'last'))} bar", f"the last {_pick(rng, ('4', 'four'))} measures"))
    where = _pick(rng, (f" of {_the(rng, _pick(rng, SECTIONS))}", f" in {_the(rng, _pick(rng, SECTIONS))}", ""))
    frames = (f"{_pick(rng, ('rewrite', 'redo', 'regenerate', 'rework', 'replace', 'give me new', 'try different', 'redraft', 'change', 'fix', 'new notes for', 're-roll', 'reroll', 'another take on'))} {span}{where}",
              f"{span}{where} {_pick(rng, ('are boring', 'is weak', 'need work', 'sound off', 'are meh', 'drag', 'feel flat', 'could be better', 'suck', 'are too repetitive', 'don t work'))}",
              f"i don't like {span}{where}, {_pick(rng, ('try again', 'rewrite them', 'redo them', 'give me something else', 'new ones please'))}",
              f"keep everything but {span}{where}, rewrite those",
              f"can {span}{where} go somewhere else")
    return _pick(rng, frames)


def _edit(operation: str) -> Callable[[random.Random], str]:
    def make(rng: random.Random) -> str:
        if rng.random() < 0.1:
            return _pick(rng, ("", "and ", "also ", "then ")) + _pick(rng, EDIT_FRAGMENTS[operation]) + _pick(rng, ("", " too", " as well"))
        frame = _pick(rng, EDIT_WORDS[operation])
        text = frame.format(w=_where(rng), i=_pick(rng, INTERVALS), d=_pick(rng, ("up", "down")))
        return text + _pick(rng, ("", "", "", " a little", " a bit", " a lot", " slightly", " way more")) if operation in (
            "syncopate", "straighten", "densify", "simplify", "humanize", "vary") else text
    return make


def _refine(goal: str) -> Callable[[random.Random], str]:
    return lambda rng: _pick(rng, REFINE_WORDS[goal]).format(w=_where(rng))


def _refine_unsaid(rng: random.Random) -> str:
    return _pick(rng, ("improve {w}", "make {w} better", "polish {w}", "tighten up {w}", "{w} needs work", "refine {w}",
                       "can {w} be better", "work on {w} some more", "make {w} good", "punch up {w}", "{w} could use some love",
                       "fix {w} up")).format(w=_where(rng))


def _set_key(rng: random.Random) -> str:
    return _pick(rng, ("change the key to {k}", "put the song in {k}", "move everything to {k}", "set the key to {k}",
                       "transpose the whole song to {k}", "can we hear the song in {k}", "key of {k} instead",
                       "modulate the song to {k}", "switch the song to {k}", "the song should be in {k}",
                       "make the whole thing {k}", "change key: {k}", "let's move it all to {k}")).format(k=_pick(rng, KEYS))


def _set_meter(rng: random.Random) -> str:
    return _pick(rng, ("switch to {m}", "change the time signature to {m}", "put the song in {m}", "make it a waltz",
                       "make it a march", "i want it in {m}", "meter: {m}", "change the meter to {m}", "turn it into a jig",
                       "let's try it in {m}", "set the song's time signature to {m}")).format(m=_pick(rng, METERS))


def _set_tempo(rng: random.Random) -> str:
    return _pick(rng, ("set the tempo to {t}", "{t} bpm", "make it faster", "slow it down", "speed it up", "tempo {t}",
                       "take it down to {t}", "bump the tempo up", "bring the tempo up to {t}", "a bit slower",
                       "it's too slow", "it's too fast, slow down", "can we go faster", "change the tempo to {t} bpm",
                       "quicker please", "slower, like {t}", "drop the bpm to {t}", "the song drags, pick up the tempo",
                       "push it to {t} beats per minute", "make it {t}bpm", "slow everything down to {t}",
                       "set it to {t} bpm", "just set the tempo at {t}", "speed up to {t}",
                       "bpm {t}", "tempo: {t}", "{t} please, the tempo")).format(t=_pick(rng, TEMPOS))


def _set_title(rng: random.Random) -> str:
    return _pick(rng, ("call it {n}", "title the song {n}", "name the song {n}", "the song is called {n}",
                       "rename it to {n}", "let's call the song \"{n}\"", "title: {n}", "set the title to {n}",
                       "change the name to {n}", "call this one {n}", "the title is {n}", "name it {n}")).format(n=_pick(rng, TITLES))


def _harmonize(rng: random.Random) -> str:
    style = _pick(rng, ("", "", "jazzy ", "pop ", "simple ", "folk ", "jazz "))
    return _pick(rng, ("rechord {w}, keep it simple", "new chords for {w}", "reharmonize {w} with I IV V vi", "chords under {w} please", "add chords to {w}", "harmonize {w}", "put some {s}chords under {w}", "what chords go with {w}",
                       "chord {w}", "give {w} a {s}chord progression", "reharmonize {w}", "{s}harmony for {w}",
                       "find chords for {w}", "back {w} with some {s}chords", "i need chords for {w}", "add a {s}progression under {w}",
                       "harmonise {w} {s}style", "what would the changes be under {w}", "comp some {s}changes under {w}",
                       "reharm {w}", "give {w} a ii-V turnaround", "write the changes for {w}", "chord chart for {w} please",
                       "voice some chords under {w}")).format(w=_where(rng), s=style)


def _arrange(rng: random.Random) -> str:
    order = ", ".join(rng.choices(("verse", "chorus", "bridge", "intro", "outro"), k=rng.randint(3, 6)))
    if rng.random() < 0.2:  # songwriters' shorthand: "V C V C B C"
        order = _pick(rng, (" ", ", ", "-", " - ")).join(rng.choices("VCBIO", k=rng.randint(4, 8)))
    return _pick(rng, ("i want two verses, then {o}", "just verse into chorus, three times round", "the form is {o}",
                       "make the form AABA with the verse as A and the bridge as B", "{o}, that's the order",
                       "arrange it {o}", "set the form to {o}", "play order: {o}", "the structure should be {o}",
                       "order the sections {o}", "make the song go {o}", "form: {o}", "arrange the song as {o}",
                       "let's lay it out {o}")).format(o=order)


def _copy(rng: random.Random) -> str:
    a, b = _pick(rng, SECTIONS), _pick(rng, ("chorus 2", "verse 2", "outro", "final chorus", "verse 3", "bridge 2"))
    return _pick(rng, ("copy the {a} to {b}", "duplicate the {a}", "clone the {a} as {b}", "make a copy of the {a} called {b}",
                       "copy {a} into a new section {b}", "duplicate {a} and name it {b}", "use the {a} again as {b}")).format(a=a, b=b)


def _critique(rng: random.Random) -> str:
    return _pick(rng, ("critique {w}", "what do you think of {w}", "is {w} any good", "be brutal about {w}",
                       "what's off about {w}", "rate {w}", "any problems with {w}", "give me feedback on {w}",
                       "does {w} work", "what's wrong with {w}", "tear {w} apart", "honest opinion on {w}?",
                       "analyze {w}", "review {w}", "{w} feels off somehow", "something about {w} bugs me",
                       "{w} isn't working and i don't know why", "how's {w} looking", "check {w} for problems",
                       "is {w} too repetitive?", "thoughts on {w}?", "give {w} a once-over", "anything weak in {w}?",
                       "critique the song", "what do you think so far", "how is the song overall", "be honest, is this good",
                       "vibe check {w}", "does {w} slap", "rate it out of 10", "any theory problems in {w}?",
                       "please evaluate the voice leading of {w}", "is {w} well constructed?",
                       "what would you change in {w}", "{w} sounds weird", "give me notes on {w}", "critique {f}",
                       "what do you think of {f}", "analyze my file {f}", "any issues in {f}?")).format(
        w=_where(rng), f=_pick(rng, [f for f in FILES if f.endswith(("mid", "midi"))]))


def _set_lyrics(rng: random.Random) -> str:
    """The request part of "here are my lyrics for the chorus: ..." (the words themselves are
    taken out before the reader sees the request)."""
    return _pick(rng, ("stick these on {w}", "put these on {w}", "{w} lyric is", "words for {w} ->", "{w} words go", "slap these words on {w}",
                       "these go on {w}", "sing this on {w}", "{w} should say", "the {s} words are", "here are my lyrics for {w}", "here are the words for {w}", "fit my lyrics to {w}", "set these words to {w}",
                       "put these lyrics under {w}", "the words for {w} go like this", "sing these words on {w}",
                       "use these lines as the lyrics of {w}", "lyrics for {w}", "can you fit these words to {w}",
                       "my words for {w}", "set my text to {w}", "these are the words of {w}", "match these lyrics to {w}",
                       "add these lyrics to {w}", "put my words on {w}'s melody")).format(w=_where(rng), s=_pick(rng, SECTIONS))


def _compose_for_words(rng: random.Random) -> str:
    """The request part of "write a melody for these words: ..." (the words taken out): a new
    melody made for the words, where set_lyrics fits words to a melody that exists."""
    what = _pick(rng, ("a melody", "a tune", "music", "a new melody", "a melody line", _the(rng, _pick(rng, SECTIONS))))
    return _pick(rng, ("write {m} for these words", "write {m} for my lyrics", "put these lyrics to music", "put this to music",
                       "set these words to a new melody", "compose {m} for these lyrics", "make {m} for my words",
                       "turn this poem into a song", "turn these lines into {s}", "can you make a melody out of these words",
                       "give me {m} that fits these lines", "music for my lyrics", "write the music for {s}",
                       "i have lyrics, need a melody", "here's a poem, make it {s}", "compose a {d} melody for these words in {k}",
                       "new melody for these lyrics", "write {s} around these words", "sing these words to a new tune",
                       "i wrote the words, you write the tune", "make these lyrics into {s}", "new tune for these words, {d}",
                       "these lyrics need a melody", "make a song out of these words", "melody for these lines please",
                       "{n} bar {s} for these words", "can these lines become {s}?", "a {d} tune to go with my lyrics",
                       "write {s} to these lyrics, {d}", "tune these words for me", "find a melody for my words",
                       "i've got words but no melody", "compose music to my lyrics in {k}", "melodize this")).format(
        m=what, s=_the(rng, _pick(rng, SECTIONS)), d=_pick(rng, MOODS), k=_pick(rng, KEYS), n=_pick(rng, NUMBERS))


def _rhymes(rng: random.Random) -> str:
    return _pick(rng, RHYMES).format(r=_pick(rng, RHYME_WORDS))


def _syllables(rng: random.Random) -> str:
    return _pick(rng, SYLLABLES).format(t=_pick(rng, ("hold on to the light", "we were young", "tomorrow never came")), w=_where(rng))


def _titles(rng: random.Random) -> str:
    return _pick(rng, TITLES)


def _complain(rng: random.Random) -> str:
    return _pick(rng, ("{w} is unsatisfactory, please attend to it", "i don't like how {w} sounds, change please", "{w} vibe is off",
                       "my friend made a face during {w}", "{w} just isn't it", "{w} is boring", "{w} feels flat", "i don't love {w}", "something's missing in {w}", "{w} is meh",
                       "{w} isn't doing it for me", "{w} is kinda weak", "not feeling {w}", "{w} doesn't grab me",
                       "{w} is a bit dull", "{w} falls flat", "{w} needs something", "ugh, {w}", "{w} is just ok",
                       "{w} sounds generic", "{w} doesn't go anywhere", "i'm not sold on {w}", "{w} lacks energy",
                       "{w} is lame", "hmm {w} is not there yet")).format(w=_where(rng))


def _references(rng: random.Random) -> str:
    return _pick(rng, ("{s} tunes?", "got any {s} pieces?", "hornpipes?", "{s} stuff in {k}, give me 5", "is {w} original? check it against the library",
                       "{s} melodies, only ones in {m}", "find tunes like {w}", "show me some irish jigs", "any songs similar to {w}", "find reference pieces in {k}",
                       "inspiration for a waltz", "what does {w} remind you of", "search for sad folk melodies",
                       "look for something like {w}", "find me some examples of {s} tunes", "any famous tunes like this?",
                       "show references in {m}", "find melodies that sound like {w}", "recommend some {s} pieces for ideas",
                       "pull up a few {s} tunes in {k}", "dig up some {s} references")).format(
        w=_where(rng), k=_pick(rng, KEYS), s=_pick(rng, STYLES + MOODS), m=_pick(rng, METERS))


def _load(rng: random.Random) -> str:
    return _pick(rng, ("load {f}", "open {f}", "import {f}", "bring in {f}", "read {f} as the verse", "load {f} into the chorus",
                       "here's my file: {f}", "use {f}", "pull in {f}", "take {f} as the {s}")).format(
        f=_pick(rng, [f for f in FILES if f.endswith(("mid", "midi"))]), s=_pick(rng, SECTIONS))


REFERENCE_IDS = ("oneills1850/1136-1175/26", "essenFolksong/han1/12", "ryansMammoth/reel-77", "bach/bwv269",
                 "airdsAirs/book3/45", "the first one", "number 2", "that jig", "the second reference")


def _load_reference(rng: random.Random) -> str:
    return _pick(rng, ("load the reference {r}", "bring {r} into the song", "use {r} as the {s}", "import reference {r}",
                       "pull {r} in as a new section", "add {r} to the song as {s}", "load {r} so i can hear it in context",
                       "grab {r} and put it in the song")).format(r=_pick(rng, REFERENCE_IDS), s=_pick(rng, SECTIONS))


def _export(rng: random.Random) -> str:
    return _pick(rng, ("export to {f}", "bounce it to {f}", "save as {f}", "render audio", "give me the sheet music",
                       "export the song as musicxml", "save the song", "write it out to {f}", "export a midi file",
                       "bounce a wav", "print it out as a score", "save it", "render it to {f}", "dump it to {f}",
                       "export", "i want a wav of this", "spit out a midi", "bounce the stems", "print a lead sheet",
                       "send it to {f}", "make me an audio file")).format(f=_pick(rng, FILES))


def _play(rng: random.Random) -> str:
    return _pick(rng, ("play it", "let's hear {w}", "play me {w}", "play {w}", "give {w} a spin", "can i hear {w}",
                       "audition {w}", "play the whole song", "let me listen to {w}", "hit play", "play it back",
                       "let's hear it from the top", "spin it", "run {w} for me", "lemme hear {w}", "play back {w}",
                       "one more listen to {w}", "loop {w} for me", "preview {w}",
                       "give me a preview of {w}", "how does {w} sound now? play it")).format(w=_where(rng))


def _undo(rng: random.Random) -> str:
    return _pick(rng, ("undo", "undo that", "take it back", "go back", "revert", "i liked it better before", "that was worse",
                       "scrap that change", "ctrl z", "undo the last change", "nope, put it back how it was", "revert that",
                       "go back one step", "undo twice", "undo the last 2 changes", "back to how it was", "nah, undo",
                       "take that back", "ugh, take that back", "it was better two versions ago", "step back", "roll that back",
                       "go back 3 steps", "cancel that last edit", "that's worse, go back"))


def _redo(rng: random.Random) -> str:
    return _pick(rng, ("oops, didnt mean to undo that, bring it back", "bring back what i just undid", "undo the undo", "redo", "bring it back", "put that back", "redo that", "actually i want that change after all",
                       "redo the last undo", "restore what i undid", "bring the change back", "redo twice", "un-undo",
                       "go forward again", "step forward 3 versions", "forward one step", "redo the change i just undid",
                       "ctrl+shift+z", "undo the undo", "actually i liked that, bring back what i just undid", "redo 2 steps"))


def _checkout(rng: random.Random) -> str:
    return _pick(rng, ("go back to version {v}", "restore v{v}", "load version {v}", "take me back to v{v}", "switch to version {v}",
                       "check out version {v}", "i want version {v} back", "jump to v{v}", "revert to version {v}",
                       "let's look at version {n} again", "back to version {n}", "go to the {o} version")).format(
        v=rng.randint(1, 12), n=_pick(rng, ("one", "two", "three", "4", "five")), o=_pick(rng, ("first", "second", "third")))


def _apply_fix(rng: random.Random) -> str:
    return _pick(rng, ("apply the first fix", "do fix {n}", "apply all the suggestions", "yes fix it", "go with your suggestion",
                       "apply fix number {n}", "do what you suggested", "fix them all", "take the second suggestion",
                       "apply your fixes", "ok do the fixes")).format(n=rng.randint(1, 4))


def _details(rng: random.Random) -> str:
    if rng.random() < 0.15:  # filters after a search: "scottish slow airs, filter to 3/4 only"
        return _pick(rng, ("filter to {m} only", "restrict it to pieces in {k}", "only in {k}", "just the ones in {m}",
                           "limit it to {k}")).format(m=_pick(rng, METERS), k=_pick(rng, KEYS))
    parts = [f"{_pick(rng, NUMBERS)} bars", _pick(rng, KEYS), f"{_pick(rng, TEMPOS)} bpm", _pick(rng, MOODS),
             f"in {_pick(rng, METERS)}", f"in {_pick(rng, KEYS)}", f"make it {_pick(rng, NUMBERS)} bars", f"about {_pick(rng, TEMPOS)} bpm"]
    return ", ".join(rng.sample(parts, rng.randint(1, 3)))


def _chat(rng: random.Random) -> str:
    return _pick(rng, ("hi", "hello", "hey there", "thanks", "thank you so much", "great", "cool", "nice one", "love it",
                       "that's awesome", "lol", "brb", "good morning", "you're the best", "perfect", "sweet", "ok cool",
                       "this is fun", "bye", "see you later", "wow", "nice", "haha nice", "amazing, thanks"))


def _theory(rng: random.Random) -> str:
    return _pick(rng, ("what is a cadence", "explain syncopation", "what's a bridge for", "how do modulations work",
                       "what does 6/8 mean", "what's the difference between a verse and a chorus", "what is a pre-chorus",
                       "why do songs use the relative minor", "what's a hook", "explain what a tonic is",
                       "what does bpm mean", "how does a key signature work", "what is a melisma", "what's voice leading"))


def _limit(what: str) -> Callable[[random.Random], str]:
    return lambda rng: _pick(rng, LIMIT_WORDS[what]).format(w=_where(rng))


def _unknown(rng: random.Random) -> str:
    return _pick(rng, ("what's the weather", "asdf", "order me a pizza", "who won the game", "tell me a joke about cats",
                       "blah", "...", "what time is it", "book a flight", "qwerty", "hmm", "random words here",
                       "how do i cook rice", "my cat is sleeping", "open the pod bay doors"))


MAKERS: dict[str, Callable[[random.Random], str]] = {
    "compose": _compose, "regenerate": _regenerate,
    **{f"edit:{op}": _edit(op) for op in EDIT_WORDS},
    "set_key": _set_key, "set_meter": _set_meter, "set_tempo": _set_tempo, "set_title": _set_title,
    "harmonize": _harmonize, "arrange": _arrange, "copy": _copy, "critique": _critique, "complain": _complain, "set_lyrics": _set_lyrics,
    "write_song": _write_song, "set_style": _set_style, "compose_for_words": _compose_for_words, "rhymes": _rhymes, "syllables": _syllables, "titles": _titles, "references": _references,
    "refine": _refine_unsaid, **{f"refine:{goal}": _refine(goal) for goal in REFINE_WORDS},
    "load": _load, "load_reference": _load_reference, "export": _export, "play": _play, "undo": _undo, "redo": _redo, "checkout": _checkout,
    "apply_fix": _apply_fix, "details": _details, "chat": _chat, "theory": _theory,
    **{f"limit:{what}": _limit(what) for what in LIMIT_WORDS}, "unknown": _unknown,
}
assert set(MAKERS) == set(INTENTS), set(INTENTS) ^ set(MAKERS)
FIXED_PHRASES = {"chat", "theory", "undo", "redo", "unknown"}  # short lines: no opener or closer


def generate(count_per_intent: int, seed: int) -> list[Example]:
    """`count_per_intent` distinct requests for every intent (fewer where the grammar runs out)."""
    rng = random.Random(seed)
    examples: list[Example] = []
    for intent in INTENTS:
        seen: set[str] = set()
        for _ in range(count_per_intent * 6):
            if len(seen) >= count_per_intent:
                break
            text = dress(rng, MAKERS[intent](rng), framed=intent not in FIXED_PHRASES).strip()
            if text and text not in seen:
                seen.add(text)
                examples.append(Example(text, intent))
    rng.shuffle(examples)
    return examples


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--show", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    for example in generate(200, args.seed)[: args.show]:
        print(f"{example.intent:24} {example.text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
