import Figures
import Foundation
import Geometry

/// The explorer's save key: the view as an SVG file in the working directory, named from the view and the loss
/// (`psi-arcface.svg`), never over an existing file (the next free name: `psi-arcface-2.svg`, `-3`, ...), and
/// whole or not at all: the figure is written to a temporary file first and then linked to its name, which fails
/// rather than replaces when the name is taken. The front end calls it when `AppState.saveRequested` is set (update
/// never writes files) and shows the sentence it returns.
public enum FigureFile {
    /// The most names tried before giving up (`-2` to `-999`).
    static let attempts = 999

    /// Saves the view of `state` in `directory`; the notice saying where, or why not.
    public static func save(_ state: AppState, in directory: String = FileManager.default.currentDirectoryPath) -> String {
        guard let scene = ViewFigure.scene(state) else { return "the \(state.view.rawValue) view has no figure to save" }
        let bytes = Array(SVGWriter.svg(scene).utf8)
        let base = ViewFigure.baseName(state)
        let temporary = directory + "/.margin-explorer-\(getpid())-figure.tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o666)
        guard descriptor >= 0 else { return "cannot save in \(quoted(directory)): " + String(cString: strerror(errno)) }
        defer { unlink(temporary) }
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                let reason = String(cString: strerror(errno))
                close(descriptor)
                return "cannot save \(base).svg: " + reason
            }
            written += count
        }
        guard fsync(descriptor) == 0 || errno == EINVAL, close(descriptor) == 0 else {
            return "cannot save \(base).svg: " + String(cString: strerror(errno))
        }
        for attempt in 1...attempts {
            let name = base + (attempt == 1 ? "" : "-\(attempt)") + ".svg"
            let path = directory + "/" + name
            if link(temporary, path) == 0 { return "saved " + quoted(path) }
            guard errno == EEXIST else { return "cannot save \(quoted(name)): " + String(cString: strerror(errno)) }
        }
        return "cannot save: \(base).svg to \(base)-\(attempts).svg are all taken in \(quoted(directory))"
    }
}
