# Measuring helpers shared by every bench program (wall time, peak RSS, medians).
add_library(oss_bench_common STATIC ${CMAKE_CURRENT_LIST_DIR}/common/measure.cpp)
target_include_directories(oss_bench_common PUBLIC ${CMAKE_CURRENT_LIST_DIR})
target_link_libraries(oss_bench_common PUBLIC oss_build_flags)
