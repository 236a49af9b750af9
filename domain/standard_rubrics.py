"""The two rubrics perfledger ships, described in our own words.

``six-values`` (the 2004-2019 form): six values, five levels each, scored 1-5
under the gate rule. ``five-values`` (the 2019 form): five assessed values, four
behaviours each, every behaviour 0 or 1, twenty points in all. An organisation
may publish its own rubrics and later versions; these stay as they are.
"""

from __future__ import annotations

from domain.rubrics import Behaviour, Rubric, RubricForm, RubricValue


def _value(code: str, name: str, *descriptions: str) -> RubricValue:
    return RubricValue(
        code=code,
        name=name,
        behaviours=tuple(Behaviour(i, d) for i, d in enumerate(descriptions, start=1)),
    )


SIX_VALUES = Rubric(
    code="six-values",
    version=1,
    name="Six values, five levels (gate rule)",
    form=RubricForm.LEVELS.value,
    values=(
        _value(
            "customer-first",
            "Customer first",
            "Treats customers with respect and courtesy, also when they are difficult.",
            "Helps customers with real problems before selling, and keeps promises made to them.",
            "Puts themselves in the customer's position and solves the need behind the request.",
            "Gives advice that serves the customer, even when it costs a sale today.",
            "Anticipates what customers will need and builds value they had not asked for.",
        ),
        _value(
            "teamwork",
            "Teamwork",
            "Joins in with the team, accepts its decisions and does their part.",
            "Shares knowledge and experience and helps colleagues without being asked.",
            "Respects colleagues, argues in the meeting and carries out the decision after it.",
            "Puts the team's goal before their own and raises morale when things are hard.",
            "Builds a team spirit that outlasts them and helps other teams succeed.",
        ),
        _value(
            "embrace-change",
            "Embrace change",
            "Accepts changes in the organisation and keeps working without complaint.",
            "Adapts quickly to a change and helps colleagues understand it.",
            "Looks at a change positively and turns it into better ways of working.",
            "Proposes improvements in their own work that others adopt.",
            "Creates change that moves results forward for the whole organisation.",
        ),
        _value(
            "integrity",
            "Integrity",
            "Is honest, keeps their word and tells the truth about results.",
            "Reports problems and mistakes openly, their own included.",
            "Gives frank, direct feedback and stands behind it.",
            "Stops behaviour that breaks the company's rules and reports it.",
            "Protects the organisation's trust, also when it costs them personally.",
        ),
        _value(
            "passion",
            "Passion",
            "Likes the work, is positive and does not give up at the first setback.",
            "Brings energy to the team and encourages colleagues.",
            "Keeps going through setbacks and learns from failure.",
            "Sets stretch goals for themselves and keeps raising them.",
            "Carries others with their drive in the hardest moments.",
        ),
        _value(
            "dedication",
            "Dedication",
            "Is on time, follows through and finishes the work in hand.",
            "Works efficiently and does not repeat the same mistake.",
            "Keeps learning and improves the quality of their work.",
            "Finds simpler ways to get more done with the same effort.",
            "Delivers results beyond what was asked, and shares how.",
        ),
    ),
)

FIVE_VALUES = Rubric(
    code="five-values",
    version=1,
    name="Five values, four behaviours (0/1 each)",
    form=RubricForm.BEHAVIOURS.value,
    values=(
        _value(
            "customers-first",
            "Customers first, employees second, shareholders third",
            "Starts from the customer's problem, not from what there is to sell.",
            "Builds lasting value for customers rather than one-off wins.",
            "Turns customer complaints into improvements others can use.",
            "Looks after colleagues so that they can look after customers.",
        ),
        _value(
            "trust",
            "Trust makes it simple",
            "Says what they think, plainly and to the right person.",
            "Keeps commitments and makes facts easy to check.",
            "Admits mistakes early and asks for help when stuck.",
            "Trusts colleagues with information and decisions.",
        ),
        _value(
            "change",
            "Change is the only constant",
            "Adapts quickly when plans or markets change.",
            "Tries new ways of working and shares what was learnt.",
            "Helps the team through a change rather than waiting it out.",
            "Starts a change before being forced to.",
        ),
        _value(
            "raise-the-bar",
            "Today's best is tomorrow's baseline",
            "Sets goals above last period's result.",
            "Reviews their own work after each period and improves it.",
            "Learns skills the next level of the job will need.",
            "Delivers a result that resets what the team thought possible.",
        ),
        _value(
            "ownership",
            "If not now, when? If not me, who?",
            "Takes on problems nobody owns.",
            "Finishes what they start, through obstacles.",
            "Steps up in a crisis without waiting to be asked.",
            "Takes responsibility for the team's result, not only their own.",
        ),
    ),
)

STANDARD_RUBRICS = (SIX_VALUES, FIVE_VALUES)
