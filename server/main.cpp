#include "Cli.h"

int main(int argc, char** argv) {
    return lotok::runCli(std::vector<std::string>(argv + 1, argv + argc));
}
