#pragma once
// The main() every bench driver shares: parse the options, print them for --help, run, and turn an exception
// into "name: what" and exit status 1.
#include <boost/program_options/options_description.hpp>
#include <boost/program_options/variables_map.hpp>
#include <functional>
#include <string_view>

namespace oss::bench {

int bench_main(int argc, char** argv, const boost::program_options::options_description& description,
               std::string_view name, const std::function<int(const boost::program_options::variables_map&)>& run);

}  // namespace oss::bench
