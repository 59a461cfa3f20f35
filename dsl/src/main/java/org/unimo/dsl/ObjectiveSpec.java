package org.unimo.dsl;
public interface ObjectiveSpec { String path(); String name(); float weight(); DataKind data(); }
