package org.unimo.dsl;
public interface HeadSpec extends ObjectiveSpec {}
