"""Queries as people type them, with the articles that answer them (any one in the top 3).

RED_FLAG: the query describes an emergency warning sign (the page must show the notice).
The first ten are the examples of ../shared/spec/search-examples.md.
"""

from typing import NamedTuple

CES = ("cauda-equina-syndrome", "emergency-warning-signs")
BACK = ("nonspecific-low-back-pain", "lumbar-strain")


class Case(NamedTuple):
    query: str
    expected: tuple[str, ...]  # any one of these in the top 3; empty: no results expected
    red_flag: bool = False
    kind: str = "lay"


CASES = [
    # The spec's ten examples.
    Case("numb saddle area", CES, True, "spec"),
    Case("lost bladder control", CES, True, "spec"),
    Case("sciattica", ("sciatica",), kind="spec"),
    Case("osteoarthritus in back", ("degenerative-disc-disease",), kind="spec"),
    Case("prolapsed disc", ("herniated-disc",), kind="spec"),
    Case("sore back after gardening", BACK, kind="spec"),
    Case("calf pain when walking", ("peripheral-artery-disease", "spinal-stenosis"), kind="spec"),
    Case("will i need an operation", ("spine-surgery",), kind="spec"),
    Case("tablets for nerve pain", ("medicines", "pain-relief-at-home"), kind="spec"),
    Case("of", (), kind="spec"),
    # Red flags in lay words and misspellings.
    Case("cant pee", CES, True, "red flag"),
    Case("can't pee properly", CES, True, "red flag"),
    Case("numb between my legs", CES, True, "red flag"),
    Case("lost control of my bowels", CES, True, "red flag"),
    Case("both legs weak", CES, True, "red flag"),
    Case("my leg gave way", CES, True, "red flag"),
    Case("wet myself", CES, True, "red flag"),
    Case("incontinence", CES, True, "red flag"),
    Case("incontinance and back pain", CES, True, "red flag"),
    Case("sciatica in both legs", CES, True, "red flag"),
    Case("numbness in my bottom", CES, True, "red flag"),
    Case("cannot urinate back pain", CES, True, "red flag"),
    Case("weakness in both legs", CES, True, "red flag"),
    Case("numb and weak in arms and legs", ("spinal-cord-compression",), True, "red flag"),
    Case("chest pain and back pain", ("emergency-warning-signs",), True, "red flag"),
    Case("pooed myself", CES, True, "red flag"),
    # Lay words.
    Case("backache", BACK),
    Case("crick in my back", BACK),
    Case("trapped nerve", ("sciatica",)),
    Case("slipped disc", ("herniated-disc",)),
    Case("pinched nerve in leg", ("sciatica",)),
    Case("leg cramps at night", ("night-leg-cramps",)),
    Case("poor circulation in legs", ("peripheral-artery-disease",)),
    Case("wear and tear in spine", ("degenerative-disc-disease",)),
    Case("burning feet", ("peripheral-neuropathy",)),
    Case("painkillers", ("medicines", "pain-relief-at-home")),
    Case("physio exercises", ("physical-therapy",)),
    Case("chiropractor", ("complementary-therapies",)),
    Case("desk posture", ("posture-and-ergonomics",)),
    Case("school bag too heavy", ("backpacks-for-children",)),
    Case("stress and back pain", ("stress-sleep-and-back-pain",)),
    Case("morning stiffness in my back", ("axial-spondyloarthritis",)),
    Case("steroid injection", ("spinal-injections",)),
    Case("bed rest", ("staying-active",)),
    # Misspellings.
    Case("sciatca", ("sciatica",), kind="typo"),
    Case("siatica", ("sciatica",), kind="typo"),
    Case("stenoisis", ("spinal-stenosis",), kind="typo"),
    Case("hernaited disc", ("herniated-disc",), kind="typo"),
    Case("neuropathey", ("peripheral-neuropathy",), kind="typo"),
    Case("spondilitis", ("axial-spondyloarthritis",), kind="typo"),
    Case("physiotheraphy", ("physical-therapy",), kind="typo"),
    Case("acupunture", ("complementary-therapies",), kind="typo"),
    # Questions.
    Case("when should i see a doctor about back pain", ("when-to-see-a-doctor",), kind="question"),
    Case("do i need an mri scan", ("tests-and-diagnosis",), kind="question"),
    Case("what is sciatica", ("sciatica",), kind="question"),
    Case("how do i lift heavy things safely", ("lifting-and-sports",), kind="question"),
    Case(
        "is it safe to exercise with back pain",
        ("exercise-for-a-strong-back", "staying-active"),
        kind="question",
    ),  # fmt: skip
    Case(
        "what should i ask at my appointment", ("preparing-for-your-appointment",), kind="question"
    ),  # fmt: skip
    Case("can back pain be cancer", ("serious-causes-of-back-pain",), kind="question"),
    # Stop-word traps: nothing, or a short helpful message.
    Case("the", (), kind="stop words"),
    Case("a", (), kind="stop words"),
    Case("t", (), kind="stop words"),
    Case("what is the", (), kind="stop words"),
    Case("how can i", (), kind="stop words"),
]

RED_FLAG_CASES = [case for case in CASES if case.red_flag]
ORDINARY_CASES = [case for case in CASES if not case.red_flag]
