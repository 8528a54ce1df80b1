@testable import Extraction
import IngestCore
import Testing

@Suite struct NormalizationTests {
    @Test(arguments: [
        ("（辽）JZ安许证字〔2021〕001234", "(辽)JZ安许证字[2021]001234"),
        ("【2019】", "[2019]"),
        ("ＤＷ１２３", "DW123"),
        ("有效期：至", "有效期:至"),
        ("a\u{3000}b", "a b"),
    ])
    func fullWidthAndBrackets(input: String, expected: String) {
        #expect(TextNormalizer.normalize(input) == expected)
    }

    @Test(arguments: [
        ("2023年5月12日", "2023-05-12"),
        ("2023年05月12日", "2023-05-12"),
        ("2023.05.12", "2023-05-12"),
        ("2023-5-12", "2023-05-12"),
        ("2023 年 5 月 12 日", "2023-05-12"),
        ("二〇二三年五月十二日", "2023-05-12"),
        ("二〇二七年十二月三十一日", "2027-12-31"),
        ("二〇二四年十月二十日", "2024-10-20"),
        ("二〇二四年六月十日", "2024-06-10"),
        ("二○二四年五月二十日", "2024-05-20"),  // ○ (U+25CB) printed for the zero
        ("二O二一年十二月一日", "2021-12-01"),
        ("二0二二年三月九日", "2022-03-09"),
        // 日 read as a glyph of its shape, a speck between the numerals, a digit read as a letter under a seal
        ("二〇二一年五月十E", "2021-05-10"),
        ("二〇二三年五月三曰", "2023-05-03"),
        ("二〇二一年十一月二:十三日", "2021-11-23"),
        ("2022.C3.08", "2022-03-08"),
        ("2025-O9-05", "2025-09-05"),
        ("二O〇二四年六月一日", "2024-06-01"),  // 〇 read as two glyphs
        ("二@O二七年五月三十一日", "2027-05-31"),
        ("二〇〇八年三月一日", "2008-03-01"),
        ("二GO二三年十一月十二日", "2023-11-12"),  // 〇 split into a round letter and a zero
        ("二WO二八年十一月十一日", "2028-11-11"),
        ("二C〇二三年十二月二十五日", "2023-12-25"),
        ("二二五年十二月二十日", "2025-12-20"),  // the faint 〇 of 二〇 lost
        ("二〇二三年六了九日", "2023-06-09"),  // 月 read as a glyph of its shape
        ("二O〇二三年六习九日", "2023-06-09"),
        ("2024年06]11日", "2024-06-11"),
        ("2024年6F11日", "2024-06-11"),
        ("二名二七年四月一日", "2027-04-01"),  // the 〇 of 二〇 read as another glyph
        ("二四二一年四月一日", "2021-04-01"),
        ("二GO二三年十一月士二日", "2023-11-12"),  // 十 read as a glyph of its shape
        ("二〇二三年九月+三日", "2023-09-13"),
        ("二〇二三年九月-F三日", "2023-09-13"),  // 十 without its upright, under a seal's ink
        ("二〇二四年八月-八日", "2024-08-18"),
        ("二〇二四年八月一八日", "2024-08-18"),
        ("二〇二四年一二月二一三日", "2024-12-23"),
        ("二〇二四年十一日十六日", "2024-11-16"),  // 月 read as 日 or 〇
        ("二〇二四年十二〇二十一日", "2024-12-21"),
        ("二〇二四年八月五", "2024-08-05"),  // its 日 cut off at the end
        ("二.〇二一年十二月-F六日", "2021-12-16"),  // a speck in the year, a seal's ring through 十
        ("二○二一年十月二-十四日", "2021-10-24"),  // a dash beside a 十 that is there
    ])
    func dates(text: String, iso: String) {
        #expect(ChineseDate.dates(in: text).map(\.iso) == [iso])
    }

    @Test func validityRangeGivesBothDates() {
        let dates = ChineseDate.dates(in: "有效期:2021年05月10日至2024年05月09日")
        #expect(dates.map(\.iso) == ["2021-05-10", "2024-05-09"])
        #expect(ChineseDate.dates(in: "有效期二〇二一年七月二十六日至二〇二七年七月二十五").map(\.iso)
                == ["2021-07-26", "2027-07-25"], "the end's 日 cut off at the edge")
    }

    @Test func impossibleDateStillParsesSoValidationCanNameIt() {
        let date = ChineseDate.dates(in: "2024年02月30日").first
        #expect(date?.iso == "2024-02-30")
        #expect(date?.isReal == false)
        #expect(PrintedDate(year: 2024, month: 2, day: 29).isReal)
        #expect(!PrintedDate(year: 2023, month: 2, day: 29).isReal)
        #expect(!PrintedDate(year: 2023, month: 13, day: 1).isReal)
    }

    @Test func lettersAreDigitsOnlyInADateOfMostlyRealDigits() {
        #expect(ChineseDate.dates(in: "2O2C.OS.O8").isEmpty, "fewer than six real digits: not a date")
        #expect(ChineseDate.replacingDigitLookalikes(in: "2021.05.1OB") == "2021.05.1OB",
                "a run of letters and digits is not a date")
        #expect(ChineseDate.dates(in: "二〇二一年五月十").isEmpty, "no 日 nor its likeness: the day may go on")
        #expect(ChineseDate.dates(in: "二〇〇二四年六月一日").isEmpty, "five numerals, no letter among them")
        #expect(ChineseDate.dates(in: "二〇五年六月一日").isEmpty, "2005 or 2025: a lost numeral that is not 〇 is not guessed")
        #expect(ChineseDate.dates(in: "二GW二三年六月一日").isEmpty, "two letters, no zero: not a split 〇")
        #expect(ChineseDate.dates(in: "2024年06]11").isEmpty, "月's likeness counts only between 年 and 日")
        #expect(ChineseDate.dates(in: "一名九八年四月一日").isEmpty, "only a year from 二 is known to be of this century")
        #expect(ChineseDate.dates(in: "二〇二四年八月二一日").isEmpty, "二十 or 二十一: a lost 十 is not guessed")
        #expect(ChineseDate.dates(in: "二〇二四年八月-F日").isEmpty, "a stroke alone is 十 or 一")
        #expect(ChineseDate.dates(in: "二〇二四年八月三-日").isEmpty, "三十 or 三一")
        #expect(ChineseDate.dates(in: "二〇二七年三月二").isEmpty, "cut off: 二, 二十 or 二十几")
        #expect(ChineseDate.dates(in: "二〇二七年三月二十").isEmpty, "cut off: 二十 or 二十几")
        #expect(ChineseDate.dates(in: "二〇二一年十月十").isEmpty, "cut off: 十 or 十几")
        #expect(ChineseDate.dates(in: "二〇二七年三月二十五号").isEmpty, "not cut off: something follows")
        #expect(ChineseDate.dates(in: "二〇二四年八月F三日").isEmpty, "an upright's foot alone is no 十")
    }

    @Test func noDateInText() {
        #expect(ChineseDate.dates(in: "辽宁省住房和城乡建设厅").isEmpty)
        #expect(ChineseDate.dates(in: "20241301").isEmpty)
    }
}

@Suite struct LineBuilderTests {
    @Test func wordsOnOneRowBecomeOneLineInReadingOrderWithoutSpacesBetweenHan() {
        let lines = LineBuilder.lines(of: ocrPage([
            [("单位", 96), ("名称", 95), ("：", 90), ("沈阳", 93), ("宏远", 90)],
            [("编号", 96), (":", 90), ("(辽)", 80), ("JZ", 90), ("安许", 93), ("证字", 92), ("[2021]", 91), ("001234", 97)],
        ]))
        // Between Latin-script words one space stays; code fields drop it when they are read.
        #expect(lines.map(\.text) == ["单位名称:沈阳宏远", "编号: (辽) JZ安许证字[2021] 001234"])
    }

    @Test func latinWordsKeepOneSpace() {
        let lines = LineBuilder.lines(of: ocrPage([[("Safety", 90), ("Licence", 90)]]))
        #expect(lines.map(\.text) == ["Safety Licence"])
    }

    @Test func eachCharacterKeepsItsWordsConfidence() {
        let lines = LineBuilder.lines(of: ocrPage([[("沈阳", 93), ("宏", 12)]]))
        #expect(lines.first?.confidences == [93, 93, 12])
    }

    @Test func aWordSwollenByASealDoesNotSwallowTheNextLine() {
        func word(_ text: String, x: Int, y: Int, height: Int = 50) -> RecognizedWord {
            RecognizedWord(text: text, confidence: 90, box: Box(x: x, y: y, width: 100, height: height))
        }
        let words = [word("发证", x: 0, y: 0), word("机关:", x: 100, y: 0), word("辽宁", x: 220, y: -60, height: 170),
                     word("发证", x: 0, y: 80), word("日期:", x: 100, y: 80), word("2024年", x: 220, y: 80)]
        let lines = LineBuilder.lines(of: RecognizedPage(words: words, origin: .ocr))
        #expect(lines.map(\.text) == ["发证机关:辽宁", "发证日期: 2024年"])
    }

    @Test func textLayerLinesLoseSpacesBetweenHanOnly() {
        let lines = LineBuilder.lines(of: page(["  发 证 机 关 ：辽宁省 住房和城乡建设厅 ", "", "ID 2101"]))
        #expect(lines.map(\.text) == ["发证机关:辽宁省住房和城乡建设厅", "ID 2101"])
    }
}
