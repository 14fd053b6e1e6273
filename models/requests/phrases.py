"""The corpus's phrasings for the intents with many ways to say them: each edit operation,
each refine goal, each thing no tool can do yet. `{w}` is where a section goes ("the
chorus", "it"); `{i}` an interval and `{d}` a direction, for transposing."""

from __future__ import annotations

EDIT_WORDS: dict[str, tuple[str, ...]] = {
    "syncopate": ("make {w} more syncopated", "syncopate {w}", "funk up {w}", "make {w} funkier", "push the rhythm of {w}",
                  "give {w} some bounce", "put some notes of {w} on the offbeat", "{w} needs more groove", "add syncopation to {w}",
                  "make {w} groovier", "{w} is too square, push it", "more offbeat accents in {w}", "make {w} less predictable rhythmically",
                  "put a little swing in {w}", "make {w} more syncopated and funky", "{w} should groove more", "more syncopation",
                  "push {w} off the beat", "{w} is too straight now", "{w} sits on the downbeats the whole time, push it",
                  "{w} is too plain and on-beat", "anticipate some of the beats in {w}", "{w} feels stiff rhythmically, add some push"),
    "straighten": ("straighten out {w}", "make {w} less syncopated", "put {w} back on the beat", "{w} is too syncopated",
                   "even out the rhythm of {w}", "remove the syncopation from {w}", "make {w} straight", "square up {w}",
                   "de-syncopate {w}", "{w} is too jumpy rhythmically, straighten it", "less offbeat stuff in {w}", "quantize {w} to the beat",
                   "{w} rhythm is too pushed", "put the notes of {w} back on the beat", "{w} is too syncopated now, calm the rhythm"),
    "densify": ("make {w} busier", "add more notes to {w}", "fill out {w}", "{w} feels empty", "{w} is too sparse",
                "more movement in {w}", "make {w} more active", "{w} needs more going on", "densify {w}", "more notes in {w}",
                "thicken up {w}", "make {w} denser", "{w} is a bit bare"),
    "simplify": ("simplify {w}", "make {w} simpler", "fewer notes in {w}", "{w} is too busy", "strip down {w}", "{w} is cluttered",
                 "thin out {w}", "less going on in {w}", "{w} has too many notes", "make {w} less busy", "calm {w} down, too many notes",
                 "declutter {w}", "make {w} sparser", "less is more, trim {w}"),
    "transpose": ("transpose {w} up {i}", "move {w} up {i}", "take {w} down {i}", "shift {w} {d} {i}", "bump {w} up {i}",
                  "drop {w} {i}", "raise {w} by {i}", "lower {w} by {i}", "put {w} {i} higher", "pitch {w} down {i}",
                  "{w} up {i}", "{w} down {i}", "transpose {w} {d} {i}", "move {w} an octave {d}"),
    "invert": ("invert {w}", "flip {w} upside down", "mirror {w}", "turn {w} upside down", "melodic inversion of {w}",
               "make {w} go down where it goes up", "invert the intervals of {w}"),
    "retrograde": ("play {w} backwards", "reverse {w}", "retrograde {w}", "flip {w} back to front", "{w} in reverse",
                   "run {w} backwards", "reverse the notes of {w}"),
    "augment": ("augment {w}", "double the note lengths in {w}", "make {w} half-time", "stretch {w} out", "twice as slow {w}",
                "longer notes in {w}", "slow the notes of {w} down by half", "put {w} in half time"),
    "diminish": ("diminish {w}", "halve the note lengths in {w}", "make {w} double-time", "compress {w}", "twice as fast {w}",
                 "shorter notes in {w}", "double time {w}", "squash {w} into half the time"),
    "humanize": ("humanize {w}", "make {w} less robotic", "{w} sounds too mechanical", "give {w} a more human feel",
                 "loosen up the timing of {w}", "make {w} feel played, not programmed", "add some human feel to {w}",
                 "{w} is too stiff", "make {w} sound less like a robot"),
    "vary": ("vary {w}", "make a variation of {w}", "mix up the notes of {w}", "change the notes of {w} a bit",
             "new pitches for {w}, same rhythm", "give me a variation on {w}", "{w} but different", "switch up {w} a little",
             "vary the melody of {w}", "tweak the notes in {w}", "make {w} a bit different"),
}
INTERVALS = ("a fifth", "an octave", "a step", "a whole step", "a half step", "2 semitones", "3 semitones", "a semitone",
             "a third", "a minor third", "a fourth", "one octave", "5 semitones", "a tone", "two steps", "12 semitones")

EDIT_FRAGMENTS: dict[str, tuple[str, ...]] = {  # the second half of "make the bridge busier and ..."
    "syncopate": ("more syncopated", "a bit more syncopated", "funkier too", "more offbeat"),
    "straighten": ("less syncopated", "straighter", "more on the beat"),
    "densify": ("busier", "a bit busier", "more notes too", "denser"),
    "simplify": ("simpler", "a little simpler", "fewer notes", "less busy"),
    "transpose": ("up a step", "down an octave", "a fifth higher", "a tone lower"),
    "invert": ("upside down", "inverted"), "retrograde": ("backwards", "reversed too"),
    "augment": ("in half time", "with longer notes"), "diminish": ("in double time", "with shorter notes"),
    "humanize": ("more human", "less robotic"), "vary": ("a bit different", "varied"),
}

REFINE_WORDS: dict[str, tuple[str, ...]] = {
    "stronger cadence": ("the ending of {w} doesn't resolve", "give {w} a stronger cadence", "{w} needs a stronger ending",
                         "end {w} more convincingly", "{w} just stops, make it land", "make {w} resolve better",
                         "{w} feels unfinished at the end", "give {w} a proper cadence", "the end of {w} is weak"),
    "end on the tonic": ("end {w} on the tonic", "make {w} finish on the root", "land {w} on the home note",
                         "{w} should end on the key note", "resolve {w} to the tonic at the end", "finish {w} on do"),
    "wider range": ("{w} is stuck on like four notes, open up the range", "give {w} a wider range", "{w} is too narrow", "more range in {w}", "open up the range of {w}",
                    "{w} stays in too small a range", "let {w} cover more ground, bigger range", "stretch the range of {w}"),
    "narrower range": ("please constrain the compass of {w}", "the ambitus of {w} is too wide","make the range of {w} narrower", "{w} jumps around too much in range", "tighten the range of {w}",
                       "{w} covers too many notes, narrow it", "smaller range for {w}", "keep {w} within an octave",
                       "{w}'s range is too wide"),
    "more singable": ("{w} is hard to sing", "make {w} easier to sing", "make {w} more singable", "singers will struggle with {w}",
                      "{w} is unsingable", "i can't sing {w}", "{w} has awkward leaps, smooth it for a singer",
                      "make {w} friendlier to sing", "{w} is tough on the voice"),
    "lower register": ("{w} is up in the stratosphere, bring it down but don't change the key", "{w} is too high in the voice","have {w} sit lower, same key", "{w} should sit lower in the voice", "{w} sits too high", "bring {w} into a lower register", "{w} is too high for me to sing",
                       "move {w} lower in the register", "i need {w} lower, it's out of my range", "{w} is too high, pull it down into my range"),
    "higher register": ("{w} sits too low", "bring {w} into a higher register", "{w} is too low, lift its register",
                        "{w} is mumbling down low, raise the register", "{w} should sit higher in the voice"),
    "simpler rhythm": ("simplify the rhythm of {w}", "{w}'s rhythm is too complicated", "give {w} a simpler rhythm",
                       "the rhythm in {w} is too fiddly", "make the rhythm of {w} easier", "{w} rhythm is too tricky to sing"),
    "catchier": ("make {w} catchier", "{w} needs a hook", "make {w} more memorable", "{w} isn't sticky enough",
                 "i want {w} to stick in people's heads", "hookier {w} please", "{w} is forgettable", "make {w} more of an earworm"),
}

LIMIT_WORDS: dict[str, tuple[str, ...]] = {
    "lyrics": ("write lyrics for {w}", "give me words for {w}", "what should the words say in {w}",
               "help me finish this line: i walked along the river", "my words don't fit {w}", "lyric ideas about leaving home",
               "the words of {w} feel clunky", "turn my poem into {w}", "help me with the words for {w}",
               "i need a second verse of lyrics", "write some words about summer", "rewrite my second line",
               "can you write a better first line", "finish my lyrics", "write me a chorus about the sea"),
    "band": ("add a bass line and some drums", "write a separate alto part beneath {w}", "add a harmony line under {w}",
             "give {w} a counter-melody on cello", "program some hi-hats in {w}", "put a shaker on {w}",
             "add a walking bass", "i want claps on 2 and 4", "give {w} a drum fill", "can we get a beat going under {w}", "bass under {w} please",
             "add a drum groove", "put a rhythm section behind {w}", "accompany {w} with acoustic guitar", "give {w} a string pad",
             "make a backing arrangement", "add a synth line to {w}", "i want a four-on-the-floor kick", "add a horn section", "put drums under {w}", "give me a backing track", "add a guitar part to {w}",
             "i want a full band", "add strings to {w}", "drum beat please", "make a bass line for {w}", "add some pads",
             "add a piano part", "arrange it for a band", "some percussion under {w}"),
    "mix": ("mix the song", "put some reverb on {w}", "record a vocal take over {w}", "make the kick punchier",
            "add a backing vocal line", "compress and limit the master bus", "pan the melody hard left", "add delay on {w}",
            "make the snare crack", "sidechain everything", "can you add harmonies for a second singer", "make the mix punchier", "add some chorus effect to {w}", "sidechain the pads",
            "make the vocals louder", "render it with a real singer", "master it for spotify", "pan the chords left",
            "more low end", "can you sing it", "make it sound warmer", "add reverb to {w}", "master it", "eq the vocals", "make it louder", "add some delay",
            "sing {w} for me", "autotune the vocal", "compress the mix", "turn up the volume of {w}"),
}

RHYME_WORDS = ("fire", "heart", "open", "tomorrow", "love", "night", "home", "rain", "gone", "light", "alone", "time", "river")
RHYMES = ("what rhymes with {r}", "rhymes for {r}", "give me a rhyme for {r}", "anything that rhymes with '{r}'?",
          "i need a word that rhymes with {r}", "near rhymes for {r} please", "what goes with {r} in a rhyme",
          "rhyme ideas for '{r}'", "words like {r} that rhyme", "help me rhyme {r}")
SYLLABLES = ("how many syllables in: {t}", "count the syllables in my line", "does this line scan: {t}",
             "syllable count for {w}", "how many syllables are in the words of {w}", "check the stresses in: {t}",
             "count syllables: {t}", "is '{t}' too long for the line", "stress pattern of {t}", "how many syllables does my chorus have",
             "would these words fit {w}", "do these lyrics fit {w}", "check whether these fit {w} before i commit",
             "will these lines work on {w}", "does this scan? {t}", "test these words against {w}", "do the syllables match {w}",
             "are there enough notes in {w} for these words", "would '{t}' fit {w}", "check my line against {w}: {t}")
TITLES = ("suggest a title for this song", "what's a good name for this", "title ideas?", "name this song for me",
          "i need a title", "can you think of a catchy song title", "what would you call this track", "what should i call this song",
          "give me some title ideas", "any ideas for a name", "brainstorm titles", "come up with a song name",
          "help me name this track", "give me 5 title ideas", "got any name ideas for the song? something moody")
