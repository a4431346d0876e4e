#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace lotok::ops {

// Where one service's schema lives: what a backup reads and a restore writes.
struct ServiceDatabase {
    std::string service;
    std::string schema;
    std::string url; // libpq connection string
};

// `lotokd backup`: one pg_dump (custom format, one snapshot) per database, of the services'
// schemas in it, and a manifest naming for each dump its services, their migrations and the
// lotokd that wrote it, all in one tar file. The file appears whole or not at all (written
// beside `out`, renamed into place). Returns the manifest.
nlohmann::json writeBackup(const std::vector<ServiceDatabase>& services,
                           const std::filesystem::path& out, const std::string& lotokdVersion);

// A backup file unpacked into a private directory and checked before anything is written
// anywhere: a tar of the expected members only, a manifest lotokd understands, every dump
// of the size and SHA-256 the manifest says and readable by pg_restore. Throws with what is
// wrong otherwise. The directory goes with the object.
class BackupArchive {
public:
    explicit BackupArchive(const std::filesystem::path& file);
    ~BackupArchive();
    BackupArchive(const BackupArchive&) = delete;
    BackupArchive& operator=(const BackupArchive&) = delete;

    const nlohmann::json& manifest() const { return m_manifest; }
    // Every service the backup holds.
    std::vector<std::string> services() const;

private:
    friend void restoreBackup(const BackupArchive&, const std::vector<ServiceDatabase>&);
    std::filesystem::path m_dir;
    nlohmann::json m_manifest;
};

// Refuses (throws) unless none of the targets' schemas exists in its database yet.
void requireEmptyTargets(const std::vector<ServiceDatabase>& targets);

// Restores every service of the archive into its target (one per service of the backup),
// each database in one transaction. When a later database fails, the schemas already
// restored by this call are dropped again, so a failed restore leaves the targets as empty
// as it found them.
void restoreBackup(const BackupArchive& archive, const std::vector<ServiceDatabase>& targets);

} // namespace lotok::ops
