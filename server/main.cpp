#include "Cli.h"

#include <malloc.h>

int main(int argc, char** argv) {
    // Each Argon2id hash takes a 19 MiB block. glibc raises its mmap threshold after the
    // first such block is freed, and from then on keeps them in its per-thread arenas: with
    // 64 request workers lotokd held 850 MiB after a few hundred sign-ups. A fixed threshold
    // keeps every block this large in its own mapping, returned to the system when freed.
    mallopt(M_MMAP_THRESHOLD, 4 * 1024 * 1024);
    return lotok::runCli(std::vector<std::string>(argv + 1, argv + argc));
}
