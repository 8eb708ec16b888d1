"""Word lists for candidate filtering: English function words and common verbs/adverbs (never
part of a term), and generic academic words (never the first or last word of a term)."""

from __future__ import annotations

STOP = frozenset(
    """
a an the and or nor but if then else than that this these those there here where when while
which who whom whose what why how whether of in on at by for with without within into onto
from to as about above below under over between among through during before after since
until upon via per across against along around behind beyond toward towards versus vs
is are was were be been being am do does did done doing have has had having can could may
might must shall should will would not no yes so such too very also only just even still yet
both either neither each every all any some many much more most less least few fewer several
other others another same own it its itself they them their theirs themselves we us our ours
ourselves you your i me my he him his she her one ones first second third last new
state-of-the-art sota http https www arxiv doi
e.g i.e etc et al eg ie cf viz fig figs eq eqs
however moreover furthermore therefore thus hence although though because since whereas
instead rather often always never sometimes usually typically generally respectively namely
use uses used using make makes made making take takes taken show shows shown showing
see seen give gives given provide provides provided require requires required allow allows
allowed enable enables enabled achieve achieves achieved improve improves improved reduce
reduces reduced increase increases increased lead leads led need needs needed consider
considers considered propose proposes proposed present presents presented describe describes
introduce introduces introduced apply applies applied perform performs performed obtain
obtains obtained compare compares compared called call calls refer refers known define
defines defined denote denotes denoted let assume assumes note notes noted observe observes
observed find finds found get gets got become becomes became remain remains keep keeps kept
run runs ran result results resulting follow follows following followed mean means
describes shown illustrates illustrated depicts depicted outperforms outperform achieves
existing previous prior current proposed different various similar several large small
larger smaller higher lower better worse best worst good high low long short full entire
whole simple simply main major key important significant significantly additional further
particular specific general possible available certain common typical standard overall
original final total initial novel recent well like unlike up down out off again once
above-mentioned following way ways
excellent great remarkable substantial dramatic tremendous impressive promising competitive
superior effective efficient extreme massive huge unprecedented challenging difficult easy
two three four five six seven eight nine ten twice half hundred thousand million
billion trillion
including included includes regarding given
complex popular modern traditional conventional naive straightforward
crucial critical necessary sufficient able unable likely unlikely relatively
maximize maximizes maximise maximises minimize minimizes minimise minimises
extra compute computes computed computing inner outer
""".split()
)

# generic nouns/adjectives that may sit inside a term but never start or end one
GENERIC = frozenset(
    """
paper papers work works approach approaches method methods technique techniques result
results figure figures section sections appendix chapter example examples case
cases problem problems issue issues experiment experiments evaluation evaluations analysis
study studies part parts number numbers amount amounts lot lots kind kinds type types
set sets order terms fact detail details value values thing things time times step steps
idea ideas contribution contributions goal goals effect effects impact impacts level levels
aspect aspects factor factors way ways art state end addition contrast comparison respect
term sense manner purpose setting settings scenario scenarios version versions variant
variants baseline baselines implementation implementations design designs system systems
model models setup question questions range ranges average total size overview summary
introduction conclusion conclusions discussion related background limitation limitations
future motivation observation observations insight insights challenge challenges
opportunity opportunities benefit benefits advantage advantages cost costs trend trends
rest top bottom left right side hand note notes point points line lines
mechanism mechanisms scheme schemes solution solutions fashion manner style
effort efforts
""".split()
)

# generic words that may start or end a longer term ("model state", "language model",
# "operating system", "overlap-centric design") but are no term alone
GENERIC_START_OK = frozenset(
    "model system design set value time step type order "
    "range size average total state end point line side "
    "problem kind cost".split()
)

# generic words that may end a longer term after a specific modifier ("reference implementation",
# "feature-based approach") but never start one ("the X mechanism / technique" names X itself)
GENERIC_END_OK = frozenset("implementation implementations approach approaches".split())

# folded phrases of general academic and computing prose that name no mechanism (matched on the
# whole folded key, so longer terms that contain them stay)
GENERIC_PHRASES = frozenset(
    {
        "data scientist",
        "deep learning",
        "machine learning",
        "language model",
        "large language model",
        "model scale",
        "software system",
        "real workload",
        "execution time",
        "real world",
        "wide range",
        "large scale",
        "research community",
        "future research",
        "design space",
        "end user",
        "system performance",
        "software framework",
        "data set",
        "dataset",
    }
)

NAME_PARTICLES = frozenset("van von der de la le du di da bin".split())
