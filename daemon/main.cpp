#include <cstdio>
int main() { std::puts("omni-scim-sync 0.1.0"); return 0; }
