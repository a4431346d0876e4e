#include "db/EmbeddedPostgres.h"

#include "db/Connection.h"
#include "util/Crypto.h"

#include <catch2/catch.hpp>
#include <filesystem>

using namespace lotok;
namespace fs = std::filesystem;

TEST_CASE("the embedded cluster is created, reused, and stopped cleanly") {
    // Under /tmp: as root the cluster runs as postgres, which must reach the directory.
    const auto dir = fs::temp_directory_path() / ("lotok-embedded-" + util::randomToken(6));
    std::string url;
    {
        db::EmbeddedPostgres cluster(dir);
        cluster.stopOnDestruction(true);
        url = cluster.start();
        CHECK(cluster.startedHere());
        db::Connection connection(url);
        CHECK(connection.exec("SELECT current_database()").string(0, 0) == "lotok");
        connection.execScript("CREATE TABLE kept (a int); INSERT INTO kept VALUES (7)");

        // A second user of the same directory finds it running and does not own it.
        db::EmbeddedPostgres second(dir);
        CHECK(second.start() == url);
        CHECK_FALSE(second.startedHere());
    }
    CHECK_THROWS(db::Connection(url)); // stopped with its owner
    {
        db::EmbeddedPostgres again(dir);
        again.stopOnDestruction(true);
        db::Connection connection(again.start());
        CHECK(connection.exec("SELECT a FROM kept").int64(0, 0) == 7); // data survived
    }
    fs::remove_all(dir);
}
