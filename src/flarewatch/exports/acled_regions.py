"""ACLED's region names, with the ISO alpha-3 codes of the countries in each.

Data, not logic. Region names are ACLED's; the assignment of countries follows ACLED's
regional coverage as published on its website (restated from memory of the codebook and
data files: where unsure, the UN M49 sub-region decided). Disputed areas are coded
under the recognised state, so they need no entry of their own.
"""

from __future__ import annotations

from functools import lru_cache

REGION_COUNTRIES = (
    ("Western Africa", "BEN BFA CPV CIV GMB GHA GIN GNB LBR MLI MRT NER NGA SEN SLE TGO SHN"),
    ("Middle Africa", "AGO CMR CAF TCD COG COD GNQ GAB STP"),
    ("Eastern Africa", "BDI COM DJI ERI ETH KEN MDG MUS MYT REU RWA SYC SOM SSD SDN TZA UGA"),
    ("Southern Africa", "BWA SWZ LSO MWI MOZ NAM ZAF ZMB ZWE"),
    ("Northern Africa", "DZA EGY LBY MAR TUN ESH"),
    ("Middle East", "BHR IRN IRQ ISR JOR KWT LBN OMN PSE QAT SAU SYR TUR ARE YEM"),
    ("Caucasus and Central Asia", "ARM AZE GEO KAZ KGZ TJK TKM UZB"),
    ("South Asia", "AFG BGD BTN IND MDV NPL PAK LKA"),
    ("Southeast Asia", "BRN KHM IDN LAO MYS MMR PHL SGP THA TLS VNM"),
    ("East Asia", "CHN HKG MAC JPN MNG PRK KOR TWN"),
    ("Europe", "ALB AND AUT BLR BEL BIH BGR HRV CYP CZE DNK EST FIN FRA DEU GRC HUN ISL IRL "
               "ITA XKX LVA LIE LTU LUX MLT MDA MCO MNE NLD MKD NOR POL PRT ROU RUS SMR SRB "
               "SVK SVN ESP SWE CHE UKR GBR VAT FRO GIB GGY JEY IMN ALA"),
    ("North America", "USA CAN BMU GRL SPM"),
    ("Central America", "BLZ CRI SLV GTM HND MEX NIC PAN"),
    ("Caribbean", "AIA ATG ABW BHS BRB VGB CYM CUB CUW DMA DOM GRD GLP HTI JAM MTQ MSR PRI "
                  "BLM KNA LCA MAF VCT SXM TTO TCA VIR BES"),
    ("South America", "ARG BOL BRA CHL COL ECU FLK GUF GUY PRY PER SUR URY VEN"),
    ("Oceania", "ASM AUS COK FJI PYF GUM KIR MHL FSM NRU NCL NZL NIU NFK MNP PLW PNG PCN WSM "
                "SLB TKL TON TUV VUT WLF"),
    ("Antarctica", "ATA"),
)


@lru_cache(maxsize=1)
def region_by_country() -> dict[str, str]:
    return {code: region for region, codes in REGION_COUNTRIES for code in codes.split()}


def acled_region(iso3: str | None) -> str:
    """ACLED's region of a country, or "" where unknown."""
    return region_by_country().get(iso3 or "", "")
