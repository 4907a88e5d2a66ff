# Writes erfc-golden.csv: erfc(x) to 25 significant digits (mpmath, 50-digit arithmetic) at
# x = k/16 for k = -96..432 (x in [-6, 27]) and at points either side of 2 (the switch between
# the series and the continued fraction in ErrorFunction). Run: python3 erfc-golden.py > erfc-golden.csv
import mpmath
mpmath.mp.dps = 50
xs = [mpmath.mpf(k) / 16 for k in range(-96, 433)]
xs += [mpmath.mpf(v) for v in ("1.999999", "2.000001", "-1.999999", "-2.000001", "0.001", "1e-10")]
print("x,erfc")
for x in xs:
    print("%s,%s" % (mpmath.nstr(x, 17), mpmath.nstr(mpmath.erfc(x), 25)))
