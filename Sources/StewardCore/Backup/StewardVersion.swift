// Which Steward this is, for backups' manifests and the command line.

/// Which Steward this is.
public enum StewardVersion {
    public static let current = "0.12.0"
}
