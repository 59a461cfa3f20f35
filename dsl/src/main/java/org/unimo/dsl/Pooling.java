package org.unimo.dsl;
public enum Pooling { FIRST_TOKEN, MEAN }
