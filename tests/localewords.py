"""Words of another locale: the site writes North-American English (US spelling)."""

import re

# Words of another locale (UK services and terms): never in an article or the glossary.
UK_SERVICES = ["paracetamol", "A&E", " GP", "999", "111", "NHS 111"]
# UK spellings and words (North-American English is the site's one locale).
UK_WORDS = re.compile(
    r"\b(?:centre|centres|programme|programmes|colour|behaviour|tumour|tumours|favour|"
    r"paediatric|orthopaedic|haemo\w*|oedema|anaesthe\w*|litre|litres|tummy|nappy|nappies|"
    r"mum|chemist|ageing|grey|defence|cross-trainer|on the spot|at the weekend|"
    r"surgery hours|doctor's surgery|sick note|shopping trolley|rugby|"
    r"trainers|jumper|plasters?|labour|honour|neighbour|odour|humour|"
    r"organis(?:e|es|ed|ing|ation|ations)|recognis(?:e|es|ed|ing|able)|realis(?:e|es|ed|ing)|"
    r"analys(?:e|ed|ing)|travelled|travelling|enrol|judgement|sceptical|aluminium)\b",
    re.I,
)
