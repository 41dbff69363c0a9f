#include "common/bench_main.hpp"

#include <boost/program_options/parsers.hpp>
#include <exception>
#include <iostream>

namespace oss::bench {

int bench_main(int argc, char** argv, const boost::program_options::options_description& description,
               std::string_view name, const std::function<int(const boost::program_options::variables_map&)>& run) {
  namespace po = boost::program_options;
  try {
    po::variables_map args;
    po::store(po::parse_command_line(argc, argv, description), args);
    po::notify(args);
    if (args.count("help")) {
      std::cout << description;
      return 0;
    }
    return run(args);
  } catch (const std::exception& error) {
    std::cerr << name << ": " << error.what() << '\n';
    return 1;
  }
}

}  // namespace oss::bench
