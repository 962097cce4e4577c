import GRDB

/// What became of one registry row on import.
public enum RegistryFate: String, Sendable {
    case added, updated, unchanged, refused
}

extension Store {
    /// The registry, with aliases.
    public func registry(config: ForecastConfig) throws -> Registry {
        try pool.read { db in
            var aliases: [Int64: [String]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT org_id, alias FROM registry_alias ORDER BY alias") {
                aliases[row["org_id"], default: []].append(row["alias"])
            }
            let orgs = try Row.fetchAll(db, sql: "SELECT * FROM registry_org ORDER BY county_code, name").map { row in
                RegisteredOrg(id: row["id"], name: row["name"], creditCode: row["credit_code"], countyCode: row["county_code"],
                              category: row["category"], local: row["local"], active: row["active"],
                              aliases: aliases[row["id"]] ?? [])
            }
            return Registry(orgs: orgs, config: config)
        }
    }

    /// Upserts registry rows (by credit code, else by normalized name) in one transaction;
    /// returns each row's fate in order. Codes and aliases also teach the store which code a
    /// code-less sheet's organization has (SPEC "Organization identity").
    public func importRegistry(_ rows: [RegistryFile.Row], config: ForecastConfig) throws -> [RegistryFate] {
        try pool.write { db in
            try rows.map { row -> RegistryFate in
                guard let org = row.org else { return .refused }
                let key = Registry.key(org.name, config: config)
                var existing: Row?
                if let code = org.creditCode {
                    existing = try Row.fetchOne(db, sql: "SELECT * FROM registry_org WHERE credit_code = ?", arguments: [code])
                }
                if existing == nil {
                    existing = try Row.fetchOne(db, sql: "SELECT * FROM registry_org WHERE name_key = ?", arguments: [key])
                }
                var fate: RegistryFate
                let id: Int64
                if let existing {
                    id = existing["id"]
                    let same = (existing["name"] as String) == org.name && (existing["credit_code"] as String?) == org.creditCode
                        && (existing["county_code"] as String?) == org.countyCode && (existing["category"] as String?) == org.category
                        && (existing["local"] as Bool) == org.local && (existing["active"] as Bool) == org.active
                    fate = same ? .unchanged : .updated
                    if !same {
                        try db.execute(sql: """
                            UPDATE registry_org SET name = ?, name_key = ?, credit_code = ?, county_code = ?, category = ?,
                                local = ?, active = ? WHERE id = ?
                            """, arguments: [org.name, key, org.creditCode, org.countyCode, org.category, org.local, org.active, id])
                    }
                } else {
                    try db.execute(sql: """
                        INSERT INTO registry_org (name, name_key, credit_code, county_code, category, local, active)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """, arguments: [org.name, key, org.creditCode, org.countyCode, org.category, org.local, org.active])
                    id = db.lastInsertedRowID
                    fate = .added
                }
                for alias in org.aliases {
                    let aliasKey = Registry.key(alias, config: config)
                    guard !aliasKey.isEmpty else { continue }
                    let before = try Int64.fetchOne(db, sql: "SELECT org_id FROM registry_alias WHERE alias_key = ?", arguments: [aliasKey])
                    if before != id {
                        try db.execute(sql: "INSERT OR REPLACE INTO registry_alias (alias_key, alias, org_id) VALUES (?, ?, ?)",
                                       arguments: [aliasKey, alias, id])
                        if fate == .unchanged { fate = .updated }
                    }
                }
                if let code = org.creditCode {
                    for name in [org.name] + org.aliases {
                        try db.execute(sql: """
                            INSERT INTO org_name_code (name_key, credit_code) VALUES (?, ?)
                            ON CONFLICT(name_key) DO UPDATE SET credit_code = excluded.credit_code
                            """, arguments: [TextNormalizer.placeKey(name, city: config.city), code])
                    }
                }
                return fate
            }
        }
    }

    /// Adds an alias to the registered organization named `name`; false when there is none.
    public func addAlias(_ alias: String, to name: String, config: ForecastConfig) throws -> Bool {
        let registry = try self.registry(config: config)
        guard let org = registry.match(name: name, creditCode: nil, config: config) else { return false }
        var entry = org
        entry.aliases = [alias]
        _ = try importRegistry([RegistryFile.Row(line: 0, org: entry, name: org.name, problems: [])], config: config)
        return true
    }
}
