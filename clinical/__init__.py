"""The clinical vocabulary shared by the questionnaire and the article library.

`clinical.vocabulary` holds the ids (plain Python, no Django: the engine imports it);
`clinical.wording` holds the words people read for those ids, marked for translation.
Both apps read from here; neither app imports the other.
"""
