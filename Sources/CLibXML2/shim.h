#ifndef FORECAST_CLIBXML2_SHIM_H
#define FORECAST_CLIBXML2_SHIM_H
// Debian's libxml2 headers pull in ICU headers that clash with Foundation's own ICU
// ("'U_MF_...' is not present in definition of 'enum UErrorCode'"): take the version
// header first and switch ICU off before including the rest (see shared/NOTES.md).
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlschemas.h>
#endif
