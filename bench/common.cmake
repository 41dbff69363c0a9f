# Helpers shared by every bench program: measuring (wall time, peak RSS, medians) and the common main().
add_library(oss_bench_common STATIC ${CMAKE_CURRENT_LIST_DIR}/common/measure.cpp ${CMAKE_CURRENT_LIST_DIR}/common/bench_main.cpp)
target_include_directories(oss_bench_common PUBLIC ${CMAKE_CURRENT_LIST_DIR})
target_link_libraries(oss_bench_common PUBLIC Boost::program_options oss_build_flags)
