import Foundation
import Geometry

extension SphereCaps {
    /// The direction class `j`'s rim is traced from: its weight's, W_j / ‖W_j‖, when a sample of class j there meets
    /// its margin; otherwise (a trained run's weight can lie outside its own cap) the normalised mean of the
    /// directions of a 4,000-point Fibonacci lattice over the sphere where it does, or the lattice point inside
    /// nearest that mean when the mean itself is outside. Nil when class j meets its margin at none of them.
    public func rimCentre(of j: Int) -> Vector3? {
        guard weights.indices.contains(j) else { return nil }
        if let a = weights[j].normalised, meetsMargin(j, at: a) { return a }
        let count = 4000, golden = Double.pi * (3 - 5.0.squareRoot())
        let inside = (0..<count).compactMap { i -> Vector3? in
            let z = 1 - (2 * Double(i) + 1) / Double(count), r = (1 - z * z).squareRoot()
            let u = Vector3(x: r * cos(golden * Double(i)), y: r * sin(golden * Double(i)), z: z)
            return meetsMargin(j, at: u) ? u : nil
        }
        guard let first = inside.first else { return nil }
        guard let mean = inside.reduce(Vector3.zero, +).normalised else { return first }
        if meetsMargin(j, at: mean) { return mean }
        return inside.max { $0.dot(mean) < $1.dot(mean) }
    }

    /// The rim of class `j`'s margin cap as seen from inside it: with a = `rimCentre(of: j)` (its weight's
    /// direction where the cap holds it) and u, v an orthonormal pair perpendicular to a (`SphereCircle`'s), along
    /// the great circle leaving a at each of `azimuths` evenly spaced azimuths φ the first angle t where a sample of
    /// class j at cos t a + sin t (cos φ u + sin φ v) stops meeting its margin (`meetsMargin`), found by a scan in
    /// steps of 2° and then bisection to 1e-12 rad; π (the antipode) where it never stops. The points in order of
    /// φ, a closed loop (the last joins the first). Nil when class j has no cap (`rimCentre` finds none).
    public func rim(of j: Int, azimuths: Int = 120) -> [Vector3]? {
        guard let a = rimCentre(of: j), let frame = SphereCircle(centre: a, radius: Angle(degrees: 90)) else { return nil }
        let count = min(max(azimuths, 8), 10_000)
        let step = 2 * Double.pi / 180
        return (0..<count).map { index in
            let phi = 2 * Double.pi * Double(index) / Double(count)
            let direction = cos(phi) * frame.u + sin(phi) * frame.v
            func point(_ t: Double) -> Vector3 { cos(t) * a + sin(t) * direction }
            func holds(_ t: Double) -> Bool { meetsMargin(j, at: point(t)) }
            var inside = 0.0
            var outside: Double?
            while outside == nil && inside < .pi {
                let next = min(inside + step, .pi)
                if holds(next) { inside = next } else { outside = next }
            }
            guard var high = outside else { return point(.pi) }
            var low = inside
            while high - low > 1e-12 {
                let middle = (low + high) / 2
                if holds(middle) { low = middle } else { high = middle }
            }
            return point((low + high) / 2)
        }
    }
}
