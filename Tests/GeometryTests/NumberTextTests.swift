import Geometry
import Testing

/// The one formatter family: each rule with values worked out by hand, and the promise of all of them, that a
/// tiny value that is not zero never prints as 0.
@Suite struct NumberTextTests {
    @Test func exactIsTheShortestRoundTrip() {
        #expect(NumberText.exact(0.1) == "0.1" && NumberText.exact(3) == "3" && NumberText.exact(-0.0) == "0")
        #expect(NumberText.exact(1e15) == "1000000000000000.0" && NumberText.exact(1e-300) == "1e-300")
        for value in [0.7132255275709877, 4.248354255291589e-18, 1.7976931348623157e308] {
            #expect(Double(NumberText.exact(value)) == value)
        }
        #expect(NumberText.exact(.nan) == "nan" && NumberText.exact(-.infinity) == "-inf")
    }

    @Test func tidyKeepsAFewDecimalsAndWholeNumbersWhole() {
        #expect(NumberText.tidy(0.35) == "0.35" && NumberText.tidy(2) == "2" && NumberText.tidy(0.123456) == "0.1235")
        #expect(NumberText.tidy(Angle(radians: Angle(degrees: 120).radians).degrees) == "120")  // 120.00000000000001
        #expect(NumberText.tidy(1e-6) == "1e-06" && NumberText.tidy(-1.23e-7) == "-1.2e-07")
        #expect(NumberText.tidy(0.0001) == "0.0001")
    }

    @Test func fixedLinesUpAndNeverShowsATinyValueAsZero() {
        #expect(NumberText.fixed(0.71322, decimals: 4) == "0.7132")
        #expect(NumberText.fixed(3.3e-6, decimals: 3) == "3.3e-06")
        #expect(NumberText.fixed(0, decimals: 3) == "0.000")
        #expect(NumberText.fixed(5.5, decimals: 2, width: 7) == "   5.50")
        #expect(NumberText.percent(0.9589, decimals: 2, width: 7) == " 95.89%")
        #expect(NumberText.degrees(Angle(degrees: 28.6479)) == "28.6°")
    }

    @Test func significantSwitchesToScientificAtTheEnds() {
        #expect(NumberText.significant(18.8372) == "18.84" && NumberText.significant(6.2372) == "6.237")
        #expect(NumberText.significant(3.35e-6) == "3.35e-06" && NumberText.significant(123456) == "1.23e+05")
        #expect(NumberText.significant(0.925, digits: 3) == "0.925")
    }

    @Test(arguments: [1e-300, 4.9e-16, 1e-7, 3e-4, -2e-12])
    func noTinyValueReadsAsZero(value: Double) {
        for text in [NumberText.exact(value), NumberText.tidy(value), NumberText.fixed(value, decimals: 3),
                     NumberText.significant(value), NumberText.fixed(value, decimals: 1)] {
            #expect(Double(text).map { $0 != 0 } == true, "\(text)")  // it reads back as a number that is not 0
        }
    }
}
