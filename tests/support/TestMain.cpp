#define CATCH_CONFIG_RUNNER
#include "util/Crypto.h"

#include <catch2/catch.hpp>
#include <csignal>

int main(int argc, char* argv[]) {
    lotok::util::initCrypto();
    std::signal(SIGPIPE, SIG_IGN); // a server that closes on us must not kill the test
    return Catch::Session().run(argc, argv);
}
