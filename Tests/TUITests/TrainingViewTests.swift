import Geometry
import Testing
import Training
@testable import TUI

@Suite(.serialized) struct TrainingViewTests {
    static func openTraining() -> AppState {
        var state = AppState(width: 120, height: 40)
        update(&state, .key(.character("5")))
        return state
    }

    @Test func openingTheViewStartsASingleRunOfTheCurrentLoss() throws {
        let state = Self.openTraining()
        let session = try #require(state.training)
        #expect(session.runs.count == 1)
        #expect(session.runs[0].configuration.loss == state.loss)
        #expect(session.runs[0].iteration == 0 && !session.playing)
        #expect(!state.wantsTicks)
    }

    @Test func playStepEpochAndRestart() {
        var state = Self.openTraining()
        update(&state, .key(.character(".")))
        #expect(state.training!.runs[0].iteration == 1)
        update(&state, .key(.character(" ")))
        #expect(state.wantsTicks)
        update(&state, .tick)
        #expect(state.training!.runs[0].iteration == 1 + state.training!.speed)
        update(&state, .key(.character(" ")))
        update(&state, .tick)  // paused: ticks do nothing
        #expect(state.training!.runs[0].iteration == 1 + state.training!.speed)
        update(&state, .key(.character("e")))
        #expect(state.training!.runs[0].epoch == 1)
        update(&state, .key(.character("r")))
        #expect(state.training!.runs[0].iteration == 0 && state.training!.runs[0].epoch == 0)
    }

    @Test func changingTheLossRestartsFromTheSameNetwork() {
        var state = Self.openTraining()
        let start = state.training!.runs[0].trainFeatures
        update(&state, .key(.character("e")))
        update(&state, .key(.character("t")))  // next loss: combined
        #expect(state.training!.runs[0].configuration.loss.kind == .combined)
        #expect(state.training!.runs[0].iteration == 0)
        #expect(state.training!.runs[0].trainFeatures == start)
    }

    @Test func presetsTrainSideBySideFromOneStart() throws {
        var state = Self.openTraining()
        update(&state, .key(.character("p")))  // the compare view's losses, on the chosen data
        #expect(state.training!.runs.map(\.configuration.loss) == state.compareKinds.map { state.losses[$0] })
        update(&state, .key(.character("p")))  // the L-Softmax figure
        let runs = state.training!.runs
        #expect(runs.map(\.configuration.name) == ["Softmax", "L-Softmax m=2", "L-Softmax m=3", "L-Softmax m=4"])
        for run in runs.dropFirst() { #expect(run.trainFeatures == runs[0].trainFeatures) }
        let text = frame(state).lines.joined(separator: "\n")
        #expect(text.contains("L-Softmax figure · digits · epoch 0/40 step 0 · paused"))
        update(&state, .key(.character("d")))
        #expect(state.notice == "this preset brings its own data: p changes the preset")
    }

    @Test func theSidePanelShowsTheRunsNumbers() {
        var state = Self.openTraining()
        update(&state, .key(.character("e")))
        let run = state.training!.runs[0]
        let text = frame(state).lines.joined(separator: "\n")
        #expect(text.contains("epoch 1  step \(run.iteration)"))
        // The expected text is written with printf, not with the formatter under test.
        #expect(text.contains(String(format: "train %.1f%%  test %.1f%%", 100 * run.metrics.trainAccuracy,
                                     100 * run.metrics.testAccuracy)))
        #expect(text.contains(String(format: "spread %.1f°", run.metrics.meanIntraClassAngle.degrees)))
        #expect(text.contains("data " + run.dataset.name))
    }

    /// A loaded run as `--load` opens it, at 80x24.
    static func loaded(_ run: SavedRun, width: Int = 80, height: Int = 24) -> AppState {
        var state = AppState(width: width, height: height)
        state.view = .training
        state.lossKind = run.loss.kind
        state.loss = run.loss
        var session = TrainingSession()
        session.subject = .loaded(LoadedRun(path: "run.json", run: run, dataset: nil))
        state.training = session
        state.prepareTraining()
        return state
    }

    /// A trained blobs run (640 features spread over a few units) to plant extreme features in.
    static func blobsRun(loss: MarginLoss) throws -> SavedRun {
        let dataset = try DatasetSource.blobs(classes: 4, dimension: 2).load(seed: 1)
        var trainer = try Trainer(configuration: TrainingConfiguration(name: "t", loss: loss, seed: 1), dataset: dataset)
        trainer.runEpoch()
        trainer.refresh()
        return SavedRun(trainer)
    }

    /// The cells of the picture (left of the side panel) that hold dots.
    static func dotCells(_ buffer: Buffer, width: Int) -> Set<Int> {
        var cells = Set<Int>()
        for y in 1..<buffer.height - 3 {
            for x in 0..<width where (0x2801...0x28FF).contains(buffer[x, y].scalar.value) { cells.insert(y * 1000 + x) }
        }
        return cells
    }

    /// One feature at 1e19 among radii near 5 is left out of the extent, and 1e300, -1e300, 0 and rows that are
    /// not finite neither trap nor shrink the rest: the answer is exactly the 98th-percentile radius of the others.
    @Test func theExtentLeavesOutFarOutliersAndStaysFinite() {
        let ordinary = (0..<9).map { [3 + Double($0) * 0.25, 0.0] }  // radii 3 ... 5
        for outliers in [[[1e19, 0.0]], [[1e300, 0], [-1e300, 5], [0, 0]], [[.nan, 1], [.infinity, 0], [1e19, 1e19]]] {
            let features = Matrix(ordinary + outliers)
            #expect(TrainingSession.extent(of: features, normalized: false) == 5, "\(outliers)")
        }
        #expect(TrainingSession.extent(of: Matrix([[0, 0], [0, 0]]), normalized: false) == 1)
        #expect(TrainingSession.extent(of: Matrix([[.nan, 0]]), normalized: false) == 1)
        let huge = TrainingSession.extent(of: Matrix([[1.7e308, 0], [1.7e308, 1]]), normalized: false)
        #expect(huge == .greatestFiniteMagnitude / 8 && (huge * 1.12 * 2).isFinite)
        // Many points: the 98th percentile as before (radii 1 ... 100, so the 99th smallest).
        let hundred = Matrix((1...100).map { [0.0, Double($0)] })
        #expect(TrainingSession.extent(of: hundred, normalized: false) == 99)
    }

    /// `--load` of a valid run with features at 1e19, 1e300, -1e300 and 0 draws (it used to trap converting to
    /// Int), and the other 636 points still spread over the picture instead of collapsing into the centre dot.
    @Test(arguments: [false, true])
    func aLoadedRunWithFarOutFeaturesDrawsTheRestAsUsual(unitCircle: Bool) throws {
        let run = try Self.blobsRun(loss: MarginLoss(.softmax))  // softmax: a zero feature is allowed
        var extreme = run
        for (row, feature) in [[1e19, 0], [1e300, 1], [-1e300, 5], [0, 0]].enumerated() {
            extreme.features[row, 0] = feature[0]
            extreme.features[row, 1] = feature[1]
        }
        var state = Self.loaded(extreme)
        if unitCircle { update(&state, .key(.character("u"))) }
        let cells = Self.dotCells(frame(state), width: 50)
        var plain = Self.loaded(run)
        if unitCircle { update(&plain, .key(.character("u"))) }
        let plainCells = Self.dotCells(frame(plain), width: 50)
        #expect(cells.count > plainCells.count * 3 / 4, "\(cells.count) cells against \(plainCells.count)")
        #expect(cells.count > 40)
    }

    /// Features scaled by 2^64 (about 1.8e19, a power of two so the scaling is exact) draw the very same frame:
    /// the picture sizes itself to the data, and ArcFace's loss does not see the scale.
    @Test func aHugeRunDrawsTheSameFrameAsTheSameRunAtUnitScale() throws {
        let run = try Self.blobsRun(loss: MarginLoss(.arcface))
        var huge = run
        huge.features.storage = run.features.storage.map { $0 * 0x1p64 }
        #expect(frame(Self.loaded(huge)).lines == frame(Self.loaded(run)).lines)
        #expect(Self.dotCells(frame(Self.loaded(huge)), width: 50).count > 40)
    }

    /// The panels' number formats never trap: an angle or a direction that is not finite prints as text.
    @Test func panelNumbersThatAreNotFinitePrintInsteadOfTrapping() {
        #expect(degrees(Angle(radians: .nan)) == "nan°")
        #expect(NumberText.fixed(.infinity, decimals: 1) == "inf" && NumberText.fixed(-2.25, decimals: 1) == "-2.2")
        #expect(NumberText.fixed(-1e300, decimals: 1).hasPrefix("-1000000"))
        #expect(SidePanel.arrow(.nan).count == 1 && SidePanel.arrow(.pi / 2) == "↑")
    }

    /// The panel reads the collapse from the run's metrics, as `train` does: none at step 0; after one step on the
    /// rings the network still points two classes the same way, and the panel names the pair.
    @Test func theSidePanelSaysWhenClassesShareADirection() throws {
        var state = Self.openTraining()
        update(&state, .key(.character("d")))  // rings
        #expect(!frame(state).lines.joined().contains("collapsed"))
        update(&state, .key(.character(".")))
        let run = state.training!.runs[0]
        let collapse = try #require(run.metrics.collapse)
        #expect(frame(state).lines.joined(separator: "\n").contains(collapse.summary(classNames: run.dataset.classNames)))
    }
}
