"""Fixed code tables from the national standards.

Codes are the standards' own, so exports can be read by other government systems. The names
are the standards' Chinese names: like region names they are data, shown as they are in
every language.
"""

from django.db import models

_ETHNIC_GROUPS = [
    "汉族",
    "蒙古族",
    "回族",
    "藏族",
    "维吾尔族",
    "苗族",
    "彝族",
    "壮族",
    "布依族",
    "朝鲜族",
    "满族",
    "侗族",
    "瑶族",
    "白族",
    "土家族",
    "哈尼族",
    "哈萨克族",
    "傣族",
    "黎族",
    "傈僳族",
    "佤族",
    "畲族",
    "高山族",
    "拉祜族",
    "水族",
    "东乡族",
    "纳西族",
    "景颇族",
    "柯尔克孜族",
    "土族",
    "达斡尔族",
    "仫佬族",
    "羌族",
    "布朗族",
    "撒拉族",
    "毛南族",
    "仡佬族",
    "锡伯族",
    "阿昌族",
    "普米族",
    "塔吉克族",
    "怒族",
    "乌孜别克族",
    "俄罗斯族",
    "鄂温克族",
    "德昂族",
    "保安族",
    "裕固族",
    "京族",
    "塔塔尔族",
    "独龙族",
    "鄂伦春族",
    "赫哲族",
    "门巴族",
    "珞巴族",
    "基诺族",
]

# GB/T 3304-1991: the 56 ethnic groups, codes 01-56.
Ethnicity = models.TextChoices(
    "Ethnicity",
    [(f"E{index:02d}", (f"{index:02d}", name)) for index, name in enumerate(_ETHNIC_GROUPS, 1)],
)


class PoliticalStatus(models.TextChoices):
    """GB/T 4762-1984 政治面貌."""

    CPC_MEMBER = "01", "中国共产党党员"
    CPC_PROBATIONARY = "02", "中国共产党预备党员"
    CYL_MEMBER = "03", "中国共产主义青年团团员"
    RCCK = "04", "中国国民党革命委员会会员"
    CDL = "05", "中国民主同盟盟员"
    CNDCA = "06", "中国民主建国会会员"
    CAPD = "07", "中国民主促进会会员"
    CPWDP = "08", "中国农工民主党党员"
    CZGP = "09", "中国致公党党员"
    JIUSAN = "10", "九三学社社员"
    TDSGL = "11", "台湾民主自治同盟盟员"
    NON_PARTY = "12", "无党派人士"
    MASSES = "13", "群众"


class Education(models.TextChoices):
    """GB/T 4658-2006 学历 (graduation codes)."""

    DOCTORAL = "11", "博士研究生"
    MASTER = "14", "硕士研究生"
    BACHELOR = "21", "大学本科"
    JUNIOR_COLLEGE = "31", "大学专科"
    SECONDARY_SPECIALISED = "41", "中等专科"
    TECHNICAL_SCHOOL = "47", "技工学校"
    HIGH_SCHOOL = "61", "普通高中"
    JUNIOR_MIDDLE_OR_BELOW = "71", "初中及以下"


class Degree(models.TextChoices):
    """GB/T 6864-2003 学位 (top level)."""

    DOCTOR = "2", "博士"
    MASTER = "3", "硕士"
    BACHELOR = "4", "学士"
    NONE = "0", "无"


class AppraisalResult(models.TextChoices):
    """Annual appraisal results (年度考核结果)."""

    EXCELLENT = "1", "优秀"
    COMPETENT = "2", "合格（称职）"
    BASICALLY_COMPETENT = "3", "基本合格（基本称职）"
    INCOMPETENT = "4", "不合格（不称职）"
    UNGRADED = "5", "不定等次"
