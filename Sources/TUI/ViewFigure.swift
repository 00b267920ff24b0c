import Figures
import Foundation
import Geometry

/// What each view draws, as a scene in world coordinates for the vector backends (`render --format svg|csv`, the
/// explorer's save key): drawn from the same geometry and the same lists as the screen (the ψ view's curves,
/// the compare view's panels), so the figure and the screen cannot disagree about what is shown.
public enum ViewFigure {
    /// The views that have a scene: every view (the training view once its runs are made, the model view with a
    /// model open).
    public static let views: [ViewKind] = [.plane, .psi, .angles, .compare, .training, .model, .sphere]

    /// The scene of the view `state` shows, with the state string in its metadata, or nil for a view without one
    /// (the model view without a model, or the training view before its runs are made).
    public static func scene(_ state: AppState) -> Scene? {
        let text = StateString.format(state)
        switch state.view {
        case .plane: return plane(state, loss: state.loss, stateText: text)
        case .psi: return psi(state, stateText: text)
        case .angles:
            return AnglesFigure.scene(loss: state.loss, normRatio: state.normRatio, cosine: state.cosineSpace,
                                      title: (state.cosineSpace ? "Decision margins in cosine space: "
                                              : "Decision margins in the (θ1, θ2) plane: ")
                                          + state.loss.shortDescription + ratioText(state),
                                      state: text)
        case .compare: return compare(state, stateText: text)
        case .training: return training(state, stateText: text)
        case .sphere: return sphere(state, stateText: text)
        case .model: return model(state, stateText: text)
        }
    }

    /// True when `scene` would draw the view `state` shows, answered without drawing it: not for the model view
    /// without a model, nor for the training view before its runs are made.
    static func hasFigure(_ state: AppState) -> Bool {
        switch state.view {
        case .model: state.model != nil
        case .training: !(state.training?.runs.isEmpty ?? true)
        default: views.contains(state.view)
        }
    }

    /// The file name a saved figure takes: the view and the loss, `psi-arcface.svg`, `compare-softmax-cosface.svg`,
    /// `training-lsoftmax-figure.svg` (a training preset's id; `compare`, `loaded` for those subjects; the same for
    /// the sphere following a run).
    public static func baseName(_ state: AppState) -> String {
        var losses = state.view == .compare ? state.compareKinds.map(\.rawValue) : [state.lossKind.rawValue]
        if state.showsTraining, let subject = state.training?.subject, subject.chosenData == nil
            || subject.stateName == "compare" {  // a preset, the compare losses, a loaded run: what trains
            losses = [subject.stateName ?? "loaded"]
        }
        return ([state.view.rawValue] + losses).joined(separator: "-")
    }

    static func ratioText(_ state: AppState) -> String {
        state.normRatio == 1 ? "" : ", ‖W1‖/‖W2‖ = " + NumberText.tidy(state.normRatio)
    }

    static func planeSamples(_ state: AppState) -> [PlaneSample] {
        state.samples.map { PlaneSample(x: $0.x, y: $0.y, label: $0.label == 1 ? .class1 : .class2) }
    }

    /// The plane of `loss` as the screen draws it (`AppState.geometry(of:)`: the selected sample's length for
    /// MagFace and AdaFace, every sub-centre).
    static func plane(_ state: AppState, loss: MarginLoss, stateText: String) -> Scene {
        PlaneFigure.scene(state.geometry(of: loss), samples: planeSamples(state), state: stateText)
    }

    static func psi(_ state: AppState, stateText: String) -> Scene {
        PsiFigure.scene(curves: PsiView.curves(state), theta: PsiView.thetaRange(state),
                        logit: PsiView.logitRange(state),
                        marked: PsiView.fallbackAngle(state.loss) ?? PsiView.turnAngle(state.loss),
                        title: "Target logit against θ: " + state.loss.shortDescription, state: stateText)
    }

    /// The panels in a grid (one row up to three, two by two for four), each the plane of its loss cut to its
    /// square, headed by the loss and its margin; a group per panel, class `panel`, `data-loss`, `data-panel`.
    static func compare(_ state: AppState, stateText: String) -> Scene {
        let panels = state.comparePanels
        let (reach, header) = (PlaneFigure.reach, 0.5)
        let grid = PanelGrid(count: panels.count, header: header)
        let bounds = grid.bounds
        let space = !state.compareShowsMargins ? "" : state.cosineSpace ? "Decision margins in cosine space (cos θ1 across, "
            + "cos θ2 up, -1 to 1): " : "Decision margins in the (θ1, θ2) plane (θ1 across, θ2 up, 0° to 180°): "
        var scene = Scene(bounds: bounds, sharesScale: true,
                          title: space + "Compare: " + panels.map(\.shortDescription).joined(separator: " | ")
                              + ", θ12 = " + NumberText.tidy(state.separation.degrees) + "°" + ratioText(state),
                          state: stateText)
        for (index, loss) in panels.enumerated() {
            let offset = grid.offset(of: index)
            let content: [Node]
            let note: String
            if state.compareShowsMargins {
                // The margins figure of the loss fitted into the panel's square: θ from 0° to 180° (or cosines from
                // -1 to 1) across 2 reach, its lower left corner at the square's.
                let cosine = state.cosineSpace
                let (low, scale) = cosine ? (-1.0, reach) : (0.0, 2 * reach / 180)
                // p -> corner + scale p takes (low, low) to the square's lower left corner.
                let corner = WorldPoint(x: offset.x - reach - low * scale, y: offset.y - reach - low * scale)
                content = [.group(Group(AnglesFigure.content(loss: loss, normRatio: state.normRatio, cosine: cosine),
                                        placement: Placement(scale: scale, offset: corner)))]
                note = AnglesView.note(for: loss)
            } else {
                content = [.group(Group(PlaneFigure.panelContent(plane(state, loss: loss, stateText: stateText)),
                                        placement: Placement(offset: offset)))]
                note = state.geometry(of: loss)
                    .regions.inner.margin.map { "margin " + NumberText.degrees($0) } ?? "margin none"
            }
            let heading: [Node] = [
                .element(Element(.label(Label(loss.shortDescription, at: WorldPoint(x: offset.x - reach,
                                                                                   y: offset.y + reach + header * 0.72))),
                                 role: .title, tags: Tags(classes: ["panel-title"]))),
                .element(Element(.label(Label(note, at: WorldPoint(x: offset.x - reach, y: offset.y + reach + header * 0.28))),
                                 role: .accent, tags: Tags(classes: ["panel-margin"]))),
            ]
            scene.add(Group(content + heading,
                            tags: Tags(classes: ["panel"], data: ["loss": loss.summary, "panel": String(index + 1)])))
        }
        return scene
    }
}

extension Theme {
    /// The style a figure role takes on screen: the theme's colour of that meaning.
    func style(of role: Role) -> Style {
        switch role {
        case .class1: class1
        case .class2: class2
        case .reference: reference
        case .accent: accent
        case .marginZone, .dim: dim
        case .overlapZone, .warning: warning
        case .title: title
        case .palette(let index): markStyle(index)
        case .faint(let index): faint.isEmpty ? dim : faint[((index % faint.count) + faint.count) % faint.count]
        }
    }
}

extension ViewFigure {
    /// The training view's runs side by side (one row up to three, two by two for four or more), each in its own
    /// square scaled as the screen scales it (its features' extent to 1): the class weight directions as dashed
    /// rays (class `weight`, `data-class`), the training features as dots and the test features as hollow rounds
    /// (class `feature` and `train` or `test`, `data-class`), the run's name and step above; a group per run,
    /// class `run`, `data-loss`, `data-run`. Nil while there are no runs.
    static func training(_ state: AppState, stateText: String) -> Scene? {
        guard let session = state.training, !session.runs.isEmpty else { return nil }
        let runs = session.runs
        let (reach, header) = (PlaneFigure.reach, 0.3)
        let grid = PanelGrid(count: runs.count, header: header)
        let bounds = grid.bounds
        var scene = Scene(bounds: bounds, sharesScale: true,
                          title: "Training: " + session.subject.title + ", step \(runs.map(\.iteration).max() ?? 0)",
                          state: stateText)
        for (index, run) in runs.enumerated() {
            let picture = RunPicture(run, figure: session.figure)
            let extent = index < session.extents.count ? session.extents[index]
                : TrainingSession.extent(of: run.trainFeatures, normalized: false)
            let scale = 1 / max(extent * 1.12 / reach, 1e-300)
            var nodes: [Node] = []
            for k in 0..<picture.weights.rows {
                let (x, y) = (picture.weights[k, 0], picture.weights[k, 1])
                guard x.isFinite, y.isFinite, x != 0 || y != 0 else { continue }
                let direction = Angle(radians: atan2(y, x))
                let (c, s) = (abs(cos(direction.radians)), abs(sin(direction.radians)))
                nodes.append(.element(Element(.ray(Ray(direction: direction, length: reach / max(c, s), dash: Dash(dots: 3))),
                                              role: .palette(k), tags: Tags(classes: ["weight"], data: ["class": String(k)]))))
            }
            for (samples, kind) in [(picture.train, "train"), (picture.test, "test")] {
                guard let (features, labels) = samples else { continue }
                for i in 0..<features.rows {
                    let point = WorldPoint(x: features[i, 0] * scale, y: features[i, 1] * scale)
                    guard point.isFinite, abs(point.x) <= reach, abs(point.y) <= reach else { continue }
                    let marker = Marker(at: point, shape: kind == "train" ? .dot : .round, fill: .hollow)
                    nodes.append(.element(Element(.marker(marker), role: .palette(labels[i]),
                                                  tags: Tags(classes: ["feature", kind], data: ["class": String(labels[i])]))))
                }
            }
            nodes.append(.element(Element(.label(Label(run.configuration.name + "  step \(run.iteration)",
                                                       at: WorldPoint(x: -reach, y: reach + header / 2))),
                                          role: .title, tags: Tags(classes: ["run-title"]))))
            let offset = grid.offset(of: index)
            scene.add(Group(nodes, tags: Tags(classes: ["run"], data: ["loss": run.configuration.loss.summary,
                                                                        "run": String(index + 1)]),
                            placement: Placement(offset: offset)))
        }
        return scene
    }
}

/// Squares of the plane's size side by side, one row up to three, two by two for four (the compare and training
/// figures): each square 2·reach wide with `header` above it for its title, `gap` between squares.
struct PanelGrid {
    let columns: Int, rows: Int, cellWidth: Double, cellHeight: Double, header: Double, gap: Double

    init(count: Int, header: Double, gap: Double = 0.15) {
        columns = count <= 3 ? count : 2
        rows = (count + columns - 1) / columns
        cellWidth = 2 * PlaneFigure.reach + gap
        cellHeight = 2 * PlaneFigure.reach + header + gap
        (self.header, self.gap) = (header, gap)
    }

    /// The world the squares fill: the first square's plane at the origin, the others to its right and below.
    var bounds: WorldBounds {
        let reach = PlaneFigure.reach
        return WorldBounds(minX: -reach, maxX: -reach + Double(columns) * cellWidth - gap,
                           minY: -reach - Double(rows - 1) * cellHeight, maxY: reach + header)
    }

    /// Where the square at `index` (row by row) is moved to from the origin.
    func offset(of index: Int) -> WorldPoint {
        WorldPoint(x: Double(index % columns) * cellWidth, y: -Double(index / columns) * cellHeight)
    }
}
