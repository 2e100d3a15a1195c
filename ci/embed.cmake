# Turns the file IN into a C source OUT defining `const char SYM[]` (NUL-terminated)
# and `const unsigned long SYM_len`. Run by wsconf_embed() in the top-level CMakeLists.
file(READ ${IN} hex HEX)
string(LENGTH "${hex}" hexlen)
math(EXPR len "${hexlen} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," body "${hex}")
file(WRITE ${OUT} "/* generated from ${IN} */\nconst char ${SYM}[] = {${body}0x00};\nconst unsigned long ${SYM}_len = ${len}UL;\n")
