// Cases are added by the engineer who owns this file.
#include <catch2/catch.hpp>
