"""Answers that need no tool: greetings and thanks, and a small glossary of music theory."""

from __future__ import annotations

import re

GLOSSARY = {
    "syncopation": "Syncopation puts accents where the meter does not expect them: notes that start off the beat and "
                   "hold over the next strong beat. Try \"make the chorus more syncopated\".",
    "cadence": "A cadence is the harmonic full stop at the end of a phrase: V-I (authentic) sounds final, IV-I "
               "(plagal) softer, ending on V (half cadence) leaves it open. Try \"give the verse a stronger cadence\".",
    "chord progression": "A chord progression is the order of chords under a melody, e.g. I-V-vi-IV in pop.",
    "roman numeral": "Roman numerals name chords by their scale degree in the key: in C major, I is C, IV is F, V is "
                     "G, vi is A minor. They show a progression's function in any key.",
    "key": "The key is the tonal home of a song: its tonic note and scale (major or minor).",
    "meter": "The meter (time signature) says how beats group into bars: 4/4 four quarter notes, 3/4 a waltz's "
             "three, 6/8 two dotted-quarter beats.",
    "time signature": "The time signature says how beats group into bars: 4/4, 3/4 (waltz), 6/8 (jig feel).",
    "tempo": "Tempo is the speed in beats per minute (bpm).",
    "interval": "An interval is the distance between two pitches, counted in semitones: a whole step is 2, a "
                "minor third 3, a perfect fifth 7, an octave 12.",
    "motif": "A motif is a short musical idea that comes back; repeating and varying one makes a melody catchy.",
    "modulation": "A modulation moves the music to a new key.",
    "transpose": "To transpose is to move every note up or down by the same interval.",
    "tonic": "The tonic is the key's home note (C in C major); melodies usually end on it.",
    "dominant": "The dominant is the fifth degree of the key (G in C major); its chord, V, pulls back to the tonic.",
    "range": "A melody's range is the distance from its lowest to its highest note; most singers are comfortable "
             "within about an octave and a fourth.",
    "chorus": "The chorus is the repeated, most memorable section of a song, usually carrying the title.",
    "verse": "Verses tell the story; each has new words over (mostly) the same music.",
    "bridge": "The bridge is a contrasting section, usually once, before a last chorus.",
    "pickup": "A pickup (anacrusis) is a note or few before the first downbeat.",
    "augmentation": "Augmentation doubles note lengths (the melody at half speed); diminution halves them.",
    "inversion": "Melodic inversion turns the intervals upside down: a step up becomes a step down.",
    "retrograde": "Retrograde plays the melody backwards.",
    "scale": "A scale is the set of notes a key uses, in order: C major is C D E F G A B.",
    "minor": "Minor keys have a lowered third (and often sixth and seventh): darker than major.",
    "major": "Major keys have a major third above the tonic: bright, settled.",
    "dorian": "Dorian is a minor mode with a raised sixth (D dorian: D E F G A B C), common in folk and jazz.",
    "mixolydian": "Mixolydian is a major mode with a flat seventh (G mixolydian: G A B C D E F), common in rock and folk.",
}


def answer_question(question: str) -> str:
    lowered = question.lower()
    for term in sorted(GLOSSARY, key=len, reverse=True):
        if re.search(rf"\b{re.escape(term)}s?\b", lowered):
            return GLOSSARY[term]
    return ("I can explain terms like syncopation, cadence, roman numerals, meter, intervals, motif or range, and I "
            "can write, edit, harmonize and critique your song. What would you like to do?")


def small_talk(text: str) -> str:
    lowered = text.lower()
    if re.search(r"\b(thanks|thank you|thx|cheers|great|awesome|nice|cool|good job)\b", lowered):
        return "Glad it helps! Say what to change next, or \"play\" to hear it."
    if re.search(r"\bbye\b", lowered):
        return "See you! Your session is saved; open it again with --session."
    return ("Hi! I'm your co-composer. Ask me to write a section (\"an 8-bar verse in A minor\"), change one "
            "(\"more syncopated\", \"up a whole step\"), add chords, critique, or find reference tunes.")
