// A hash table of folded words, probed with a hash the tokenizer already worked out while folding each word.

/// FNV-1a over a word's folded UTF-8 bytes: cheap to compute a byte at a time while a word is being folded.
enum WordHash {
    static let seed: UInt64 = 0xcbf2_9ce4_8422_2325

    @inline(__always)
    static func add(_ hash: UInt64, _ byte: UInt8) -> UInt64 {
        (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
    }

    static func of(_ word: String) -> UInt64 {
        var hash = seed
        for byte in word.utf8 { hash = add(hash, byte) }
        return hash
    }
}

/// Folded words and a value for each, in open addressing with linear probing; read-only once built.
struct WordTable<Value: Sendable>: Sendable {
    private var hashes: [UInt64]
    private var keys: [String]
    private var values: [Value?]
    private let mask: Int

    init(_ entries: [String: Value]) {
        var capacity = 16
        while capacity < entries.count * 2 { capacity *= 2 }
        mask = capacity - 1
        hashes = Array(repeating: 0, count: capacity)
        keys = Array(repeating: "", count: capacity)
        values = Array(repeating: nil, count: capacity)
        for (key, value) in entries {
            let hash = WordHash.of(key)
            var slot = Int(truncatingIfNeeded: hash) & mask
            while values[slot] != nil { slot = (slot + 1) & mask }
            hashes[slot] = hash
            keys[slot] = key
            values[slot] = value
        }
    }

    /// The value for `word`, whose `WordHash` is `hash`.
    @inline(__always)
    func value(_ word: String, hash: UInt64) -> Value? {
        var slot = Int(truncatingIfNeeded: hash) & mask
        while let value = values[slot] {
            if hashes[slot] == hash && keys[slot] == word { return value }
            slot = (slot + 1) & mask
        }
        return nil
    }
}
