package org.unimo.dsl;
public enum DataKind { TEXT, IMAGE, PAIR; public String id() { return name().toLowerCase(java.util.Locale.ROOT); } }
