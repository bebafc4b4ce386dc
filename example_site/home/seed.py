"""The canonical Urgent Action (UA 147/20, third update) as demo content.

Built in Python rather than a fixture so it follows model changes. Every fact of
the source document is here; tests compare the rendered page against it.
"""

import datetime

from django.utils.html import format_html, format_html_join

TITLE = "End torturous isolation of Kalesnikava"
SLUG = "end-torturous-isolation-of-kalesnikava"
DEADLINE = datetime.date(2024, 11, 1)

PAGE = {
    "ua_number": "147/20",
    "update_number": 3,
    "subject_name": "Maryia Kalesnikava",
    "subject_pronoun": "she/her",
    "country": "BY",
    "preferred_languages": ["be", "ru", "en"],
    "own_language_welcome": True,
    "previous_action_url": "https://www.amnesty.org/en/documents/eur49/6920/2023/en/",
    "summary": (
        "Maryia Kalesnikava has been arbitrarily detained for four years for her "
        "prominent role in the 2020 election and subsequent peaceful protests in "
        "Belarus. She has been held for over 500 days incommunicado. She is denied "
        "any external calls, visits, letters, and furthermore, is not allowed to "
        "speak with other prisoners. According to confidential sources, Maryia’s "
        "health has deteriorated gravely, and she weighs only 45 kilos. Her "
        "treatment, including the denial of medical care she requires, amounts to "
        "torture or other ill-treatment and puts her life at risk."
    ),
}

MINISTER = {
    "honorific": "Lt.-Gen.",
    "name": "Ivan Kubrakou",
    "position": "Minister of the Interior",
    "organisation": "",
    "address": "Vul. Haradski Val 4,\nMinsk 220030, Belarus",
    "country": "BY",
    "fax": "+375 17 203 99 18",
    "email": "uzgs@mvd.gov.by",
    "salutation": "Dear Minister",
    "preferred_languages": ["be", "ru", "en"],
}

EMBASSY = {
    "honorific": "Mr.",
    "name": "Pavel Shidlovsky",
    "position": "Chargé d'Affaires",
    "organisation": "Embassy of Belarus in the United States",
    "address": "1619 New Hampshire Avenue, NW,\nWashington DC 20009",
    "country": "US",
    "email": "usa@mfa.gov.by",
    "salutation": "",
    "preferred_languages": [],
}

STEPS = [
    (
        "letter",
        "Write a letter in your own words or using the sample below as a guide to "
        "one or both government officials listed. You can also email, fax, call or "
        "Tweet them.",
    ),
    (
        "report",
        "Let us know the actions you took on Third Urgent Action 147.20. It’s "
        "important to report because we share the total number with the officials "
        "we are trying to persuade and the people we are trying to help.",
    ),
]

LETTER_SALUTATION = "Dear Minister,"
LETTER_CLOSING = "Yours sincerely,"
LETTER_PARAGRAPHS = [
    "I write to demand public information about prisoner of conscience, Maryia "
    "Kalesnikava, who has been denied contact with the outside world for over a "
    "year and whose deteriorating health and safety are of grave concern. I am "
    "particularly alarmed that she has been kept incommunicado for over 500 days "
    "and that her imprisonment conditions amount to torture and other "
    "ill-treatment and are putting her life at risk.",
    "Maryia Kalesnikava suffers from an ulcer and other conditions which progress "
    "fast in these inhumane conditions and has been denied the medical care she "
    "requires. Confidential sources have alerted that she is in extremely poor "
    "health and has lost a lot of weight.",
    "Maryia Kalesnikava is a prisoner of conscience that must be immediately and "
    "unconditionally released. She has been detained solely in reprisal for her "
    "prominent role in challenging the incumbent in the disputed 2020 "
    "presidential election and in the subsequent peaceful protests.",
    "I urge you to take immediate action to ensure that Maryia Kalesnikava is "
    "immediately and unconditionally released. In the meantime, I urge you to "
    "ensure that she is no longer held incommunicado or subjected to any form of "
    "torture or other ill-treatment, and that she is granted access to the "
    "adequate medical care she requires.",
]

ADDITIONAL_INFORMATION = [
    "Maryia Kalesnikava is a prominent political activist, protest leader and "
    "musician that in 2020, became the symbol of the peaceful protest movement for "
    "political change and human rights in Belarus after many political opponents "
    "were arbitrarily arrested or arbitrarily disqualified as candidates from the "
    "presidential election on August 9. Together with Svyatlana Tsikhanouskaya and "
    "Veranika Tsapkala, Maryia Kalesnikava formed an all-female trio who led an "
    "electoral challenge to, and galvanized mass protest vote against, the "
    "incumbent Alyaksandr Lukashenka.",
    "Veranika Tsapkala left Belarus on August 9, 2020 for fear of reprisals. "
    "Following Svyatlana Tsikhanouskaya’s forced exile on August 10, 2020, Maryia "
    "Kalesnikava emerged as the highest-profile opposition figure in Belarus. She "
    "appeared on the frontline of numerous peaceful protests, repeatedly "
    "confronted abusive police officers, gave numerous media interviews, and "
    "continued to support individuals who were arbitrarily detained and tortured "
    "in detention.",
    "Maryia Kalesnikava was forcibly disappeared on September 7, 2020. It "
    "transpired later that she was abducted by law enforcement officers and taken "
    "to the border with Ukraine where she refused to leave Belarus and tore her "
    "passport in protest. She was then placed in detention as a criminal suspect "
    "together with her close associate Maksim Znak, and later convicted in closed "
    "trial of crimes against the state.",
    "Maryia Kalesnikava’s condition of detention, including incommunicado "
    "detention, prolonged solitary confinement, and denial of medical care, are in "
    "reprisal for her prominent role in the peaceful protests against the "
    "authorities. Incommunicado detention facilitates torture and other "
    "ill-treatment and enforced disappearance. Depending on the circumstances, it "
    "can itself constitute torture or other cruel, inhuman or degrading treatment. "
    "Also, under international human rights law, prolonged solitary confinement "
    "amounts to torture when the individual is confined for 22 hours or more a day "
    "without meaningful human contact for a time period in excess of 15 "
    "consecutive days.",
    "Maryia Kalesnikova’s family last heard from her in February 2023. Since then, "
    "she has not been allowed calls, visits, or even letters. The authorities have "
    "also targeted lawyers who agreed to represent those in detention, including "
    "by arbitrarily disbarring three lawyers in retaliation for representing "
    "Maryia Kalesnikova, Aliaksandr Pylchenka, Liudmila Kazak, and Uladzimir "
    "Pylchenka. Currently, Maryia Kalesnikova has no legal representation.",
    "According to latest scrapes of information from confidential sources, Maryia "
    "Kalesnikova is malnourished due to the prison food, which is unsuitable for "
    "her medical condition, and has lost a lot of weight currently weighing only "
    "45 kilograms. The prison rules only allow her to buy food from the prison "
    "shop once every ten days, for a maximum of 40 or 80 rubles (around US$ "
    "12-25).",
]


def paragraphs_html(paragraphs: list[str]) -> str:
    return format_html_join("", "<p>{}</p>", ((p,) for p in paragraphs))


def body(minister, embassy) -> list[tuple[str, dict]]:
    """The page body: the seed's sections as ua_wagtail blocks."""
    return [
        ("deadline_banner", {}),
        (
            "take_action",
            {
                "heading": "Take action",
                "steps": [
                    {"kind": kind, "text": format_html("<p>{}</p>", text)}
                    for kind, text in STEPS
                ],
            },
        ),
        (
            "targets",
            {
                "heading": "Write to",
                "targets": [
                    {"target": minister, "role": "primary"},
                    {"target": embassy, "role": "cc"},
                ],
            },
        ),
        (
            "sample_letter",
            {
                "heading": "Sample letter",
                "salutation": LETTER_SALUTATION,
                "body": paragraphs_html(LETTER_PARAGRAPHS),
                "closing": LETTER_CLOSING,
            },
        ),
        ("report_form", {}),
        (
            "additional_information",
            {
                "heading": "Additional information",
                "body": paragraphs_html(ADDITIONAL_INFORMATION),
            },
        ),
    ]
