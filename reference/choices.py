"""Fixed code tables from the national standards.

Codes are the standards' own, so exports can be read by other government systems. The names
are the standards' Chinese names (the Chinese catalog), in English where the interface is
English; what is stored is always the code.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

# GB/T 3304-1991 order: the code of each group is its place in this list.
_ETHNIC_GROUPS = [
    _("Han"),
    _("Mongol"),
    _("Hui"),
    _("Tibetan"),
    _("Uyghur"),
    _("Miao"),
    _("Yi"),
    _("Zhuang"),
    _("Bouyei"),
    _("Korean"),
    _("Manchu"),
    _("Dong"),
    _("Yao"),
    _("Bai"),
    _("Tujia"),
    _("Hani"),
    _("Kazakh"),
    _("Dai"),
    _("Li"),
    _("Lisu"),
    _("Va"),
    _("She"),
    _("Gaoshan"),
    _("Lahu"),
    _("Shui"),
    _("Dongxiang"),
    _("Naxi"),
    _("Jingpo"),
    _("Kirgiz"),
    _("Tu"),
    _("Daur"),
    _("Mulao"),
    _("Qiang"),
    _("Blang"),
    _("Salar"),
    _("Maonan"),
    _("Gelao"),
    _("Xibe"),
    _("Achang"),
    _("Pumi"),
    _("Tajik"),
    _("Nu"),
    _("Uzbek"),
    _("Russian"),
    _("Ewenki"),
    _("De'ang"),
    _("Bonan"),
    _("Yugur"),
    _("Gin"),
    _("Tatar"),
    _("Derung"),
    _("Oroqen"),
    _("Hezhen"),
    _("Monba"),
    _("Lhoba"),
    _("Jino"),
]

# GB/T 3304-1991: the 56 ethnic groups, codes 01-56.
Ethnicity = models.TextChoices(
    "Ethnicity",
    [(f"E{index:02d}", (f"{index:02d}", name)) for index, name in enumerate(_ETHNIC_GROUPS, 1)],
)


class PoliticalStatus(models.TextChoices):
    """GB/T 4762-1984 政治面貌."""

    CPC_MEMBER = "01", _("Member of the Communist Party of China")
    CPC_PROBATIONARY = "02", _("Probationary member of the Communist Party of China")
    CYL_MEMBER = "03", _("Member of the Communist Youth League of China")
    RCCK = "04", _("Member of the Revolutionary Committee of the Chinese Kuomintang")
    CDL = "05", _("Member of the China Democratic League")
    CNDCA = "06", _("Member of the China National Democratic Construction Association")
    CAPD = "07", _("Member of the China Association for Promoting Democracy")
    CPWDP = "08", _("Member of the Chinese Peasants' and Workers' Democratic Party")
    CZGP = "09", _("Member of the China Zhi Gong Party")
    JIUSAN = "10", _("Member of the Jiusan Society")
    TDSGL = "11", _("Member of the Taiwan Democratic Self-Government League")
    NON_PARTY = "12", _("Non-party personage")
    MASSES = "13", _("Ordinary citizen (no party)")


class Education(models.TextChoices):
    """GB/T 4658-2006 学历 (graduation codes)."""

    DOCTORAL = "11", _("Doctoral graduate")
    MASTER = "14", _("Master's graduate")
    BACHELOR = "21", _("Undergraduate (bachelor)")
    JUNIOR_COLLEGE = "31", _("Junior college")
    SECONDARY_SPECIALISED = "41", _("Secondary specialised school")
    TECHNICAL_SCHOOL = "47", _("Technical school")
    HIGH_SCHOOL = "61", _("Senior high school")
    JUNIOR_MIDDLE_OR_BELOW = "71", _("Junior middle school or below")


class Degree(models.TextChoices):
    """GB/T 6864-2003 学位 (top level)."""

    DOCTOR = "2", _("Doctorate")
    MASTER = "3", _("Master's degree")
    BACHELOR = "4", _("Bachelor's degree")
    NONE = "0", _("No degree")


class AppraisalResult(models.TextChoices):
    """Annual appraisal results (年度考核结果)."""

    EXCELLENT = "1", _("Excellent")
    COMPETENT = "2", _("Competent")
    BASICALLY_COMPETENT = "3", _("Basically competent")
    INCOMPETENT = "4", _("Incompetent")
    UNGRADED = "5", _("No grade given")
