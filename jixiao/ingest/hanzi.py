"""Text as the prose readers match it: Simplified characters, no pinyin residue, ASCII signs.

Published statements reach us through mirror sites that convert a page to Traditional
Chinese (經費, 萬元) and sometimes leave the pinyin reading of a character in parentheses
after it (``經(jīng)費(fèi)``); full-width digits and signs (``１２．５％``, ``（境）``) are common
too. :func:`normalise` maps all of these to one spelling for matching, and keeps for every
character of the result the position of the character it came from, so that a figure found
in the normalised text is reported at its column in the line as printed. The raw text
itself is never changed.

No conversion library is installed with jixiao, so the mapping is a table of the
Traditional characters that budget and performance documents use (money, items of the
“三公”经费, budget words, units, directions of change, report headings); a character not in
the table is kept as it is, which for the matching words means: not matched, never
mis-read.
"""

from __future__ import annotations

import re
from typing import NamedTuple

# Traditional → Simplified, as pairs; only characters whose forms differ
_PAIRS = (
    "經经費费國国務务車车購购維维護护財财預预撥拨減减說说萬万億亿與与較较長长計计點点項项規规嚴严"
    "執执開开發发產产業业單单門门辦办樓楼運运監监報报績绩場场關关這这個个們们為为實实際际標标準准"
    "鎮镇區区縣县據据劃划廳厅勵励節节約约廠厂轉转結结餘余調调類类總总數数額额員员參参檢检測测質质"
    "針针對对資资決决動动傳传會会議议訓训當当時时間间後后過过進进達达還还邊边觀观來来樣样視视讓让"
    "認认識识義义協协禮礼衛卫導导層层歷历壓压續续織织統统權权應应題题顯显驗验樂乐覽览處处態态體体"
    "積积穩稳確确險险專专龍龙條条僅仅況况問问學学習习內内雜杂寫写營营獲获構构機机紀纪館馆眾众選选"
    "優优擇择環环爲为隊队級级裝装築筑廣广團团組组貫贯徹彻厲厉儉俭輛辆駛驶養养並并無无變变線线網网"
    "絡络錄录號号檔档筆笔電电腦脑臺台採采設设備备舊旧紹绍稱称簡简頁页屬属東东鄉乡農农貧贫糧粮黨党"
    "記记證证範范圍围歸归擴扩彙汇匯汇療疗醫医藥药災灾聯联講讲盡尽創创濟济費费較较額额餘余補补"
    "貼贴償偿債债權权稅税漲涨幣币價价錢钱銷销賬账帳账審审計计僱雇傭佣職职責责務务則则規规範范準准"
    "況况幹干廳厅廟庙闆板鐘钟係系優优續续狀状廢废棄弃簽签約约託托辦办證证權权戶户萬万圓圆貨货運运"
    "輸输遞递郵邮飛飞駐驻訪访談谈論论評评價价覈核績绩謀谋劃划區区縣县鄉乡鎮镇為为麼么來来"
    "與与從从眾众眾众歲岁齡龄給给頒颁佈布屆届實实現现濟济擔担負负億亿讀读書书圖图譯译語语訊讯詢询"
    "調调節节隨随際际態态態态樣样準准較较構构檢检驗验險险雙双聽听勞劳團团隊队員员紹绍範范屬属"
)
_PAIRS += (
    "編编歡欢攜携領领復复須须討讨綜综鶴鹤強强紅红華华陽阳濱滨島岛寧宁遼辽蘇苏貴贵雲云灣湾廈厦豐丰樹树漢汉"
    "陝陕鐵铁勢势細细紙纸純纯終终絕绝緊紧練练綫线緣缘繳缴罰罚羅罗聖圣聲声興兴舉举莊庄蓋盖薦荐蘭兰術术裏里"
    "複复見见覺觉親亲觸触訂订許许診诊詳详誤误課课請请諸诸謝谢貝贝販贩賓宾賠赔贊赞趕赶軍军軟软載载輔辅輕轻"
    "轄辖適适遲迟遺遗遷迁釋释鋼钢錯错鍵键閉闭閱阅陣阵陳陈陸陆階阶隱隐離离難难靜静響响頂顶順顺頻频顧顾風风"
    "飯饭馬马駕驾鬥斗魚鱼鳥鸟麥麦黃黄園园壞坏壯壮夢梦夠够奪夺奮奋婦妇孫孙寶宝寬宽將将尋寻嶺岭幫帮張张彈弹"
    "徵征慶庆憑凭戰战擁拥攝摄斷断於于晉晋極极歐欧殘残殺杀氣气沒没淺浅溫温滿满漁渔潔洁濕湿煙烟熱热燈灯爭争"
    "獎奖獨独畢毕畫画盤盘礎础種种窮穷競竞綠绿綱纲緒绪縮缩繼继罷罢肅肃脫脱臨临艱艰藝艺蟲虫製制襲袭試试該该"
    "誠诚諾诺豬猪貸贷賀贺賦赋賴赖賽赛贈赠躍跃軌轨輪轮辭辞連连週周違违遠远邏逻鑒鉴閒闲雖虽雞鸡靈灵韓韩頭头"
    "顏颜願愿飲饮驅驱驚惊鹽盐麗丽勁劲勝胜夾夹劇剧劉刘剛刚劍剑卻却囑嘱堅坚塊块墊垫壇坛壽寿夥伙媽妈嬰婴屢屡"
    "岡冈峽峡崗岗庫库廚厨彎弯徑径懷怀懸悬戲戏掃扫揚扬換换損损擬拟擾扰攤摊敗败曆历曉晓暫暂暢畅櫃柜毀毁滅灭"
    "滬沪潤润爐炉牆墙獻献畝亩盜盗礙碍穀谷籌筹糾纠納纳締缔緩缓縱纵繪绘脈脉膚肤臉脸虛虚訴诉詞词誕诞誼谊諮咨"
    "謹谨譜谱贏赢趨趋跡迹踐践蹤踪輝辉輯辑辯辩鄰邻鄭郑銀银銅铜鋪铺鍋锅鍛锻鎖锁鏈链鏡镜閣阁陰阴霧雾顆颗餓饿"
    "騎骑鬆松魯鲁鮮鲜麵面"
)
_TABLE = {ord(t): s for t, s in zip(_PAIRS[0::2], _PAIRS[1::2], strict=True)}
_CHARACTERS_ONLY = dict(_TABLE)  # Traditional → Simplified, nothing else (signs untouched)
# full-width forms and the signs the readers match in ASCII
_TABLE.update({0xFF10 + d: str(d) for d in range(10)})
_TABLE.update({ord(a): b for a, b in zip("（）：，；．％－［］〔〕　", "():,;.%-[][] ", strict=True)})

# a pinyin reading left in parentheses by a converting mirror: ``(jīng)``, ``（fèi）`` — Latin
# letters with at least one tone mark, right after a Chinese character
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
PINYIN = re.compile(rf"(?<=[\u3400-\u9fff])[(（](?=[a-zü{_TONED}]*[{_TONED}])[a-zü{_TONED}]{{1,7}}[)）]")


class Normalised(NamedTuple):
    """The normalised text, and for each of its characters the index of the raw character it
    came from (``origin[i]``)."""

    text: str
    origin: tuple[int, ...]


def normalise(raw: str) -> Normalised:
    """Simplified characters, pinyin residue removed, full-width signs as ASCII."""
    chars: list[str] = []
    origin: list[int] = []
    pos = 0
    for m in PINYIN.finditer(raw):
        _append(raw, pos, m.start(), chars, origin)
        pos = m.end()
    _append(raw, pos, len(raw), chars, origin)
    return Normalised("".join(chars), tuple(origin))


def _append(raw: str, start: int, end: int, chars: list[str], origin: list[int]) -> None:
    chunk = raw[start:end].translate(_TABLE)
    chars.append(chunk)  # the table maps one character to one character: positions stay aligned
    origin.extend(range(start, end))


def simplified(raw: str) -> str:
    """Only the normalised text (for evidence and titles): the same as ``normalise(raw).text``
    without the positions, so cheap enough for the evidence of every document."""
    return PINYIN.sub("", raw).translate(_TABLE)


def simplified_characters(raw: str) -> str:
    """Traditional characters as Simplified and pinyin residue dropped, every sign kept as printed:
    the text in which a document kind's evidence (titles, headers) is looked for again when a
    mirror has converted the page."""
    return PINYIN.sub("", raw).translate(_CHARACTERS_ONLY)


_TO_TRADITIONAL = {ord(s): t for t, s in reversed(list(zip(_PAIRS[0::2], _PAIRS[1::2], strict=True)))}


def traditional(text: str) -> str:
    """The other way (Simplified → Traditional, for the characters of the table): how a
    converting mirror prints a statement, to test that it reads the same."""
    return text.translate(_TO_TRADITIONAL)
