//! The shipped GeoNames gazetteer and the geoparser that resolves toponyms.
